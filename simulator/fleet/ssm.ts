import { SimError } from '../wire/errors';
import { regionKey, type SimContext } from './context';
import type { Instances } from './instances';

export interface SimParameter {
  Name: string;
  Type: 'String' | 'StringList' | 'SecureString';
  Value: string;
  Version: number;
  LastModifiedDate: Date;
  DataType: string;
  ARN: string;
}

export type InvocationStatus = 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';

/** How simulated commands end: per instance, or for every instance. `Hang` runs until the executionTimeout. */
export interface CommandOutcome {
  status: 'Success' | 'Failed' | 'TimedOut' | 'Hang';
  stdout?: string;
  stderr?: string;
  responseCode?: number;
  durationMs?: number;
}

export interface SimInvocation {
  commandId: string;
  instanceId: string;
  documentName: string;
  commands: string[];
  status: InvocationStatus;
  responseCode: number;
  stdout: string;
  stderr: string;
  startedAt: Date;
  endedAt?: Date;
}

export interface SimCommand {
  commandId: string;
  region: string;
  documentName: string;
  instanceIds: string[];
  parameters: Record<string, string[]>;
  comment?: string;
  requestedAt: Date;
  timeoutSeconds: number;
  invocations: Map<string, SimInvocation>;
}

/** Parameter Store and Run Command: commands run (simulated) for `ssmCommandMs` and end as configured. */
export class Ssm {
  readonly parameters = new Map<string, SimParameter>();
  readonly commands = new Map<string, SimCommand>();
  defaultOutcome: CommandOutcome = { status: 'Success' };
  readonly outcomeByInstance = new Map<string, CommandOutcome>();

  constructor(
    private readonly ctx: SimContext,
    private readonly instances: Instances,
  ) {}

  putParameter(region: string, input: { Name?: string; Value?: string; Type?: string; Overwrite?: boolean }): SimParameter {
    if (!input.Name) throw new SimError('ValidationException', "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    if (input.Value === undefined) throw new SimError('ValidationException', "1 validation error detected: Value null at 'value' failed to satisfy constraint: Member must not be null");
    const key = regionKey(region, input.Name);
    const existing = this.parameters.get(key);
    if (existing && !input.Overwrite) {
      throw new SimError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    }
    const name = input.Name.startsWith('/') ? input.Name.slice(1) : input.Name;
    const parameter: SimParameter = {
      Name: input.Name,
      Type: (input.Type as SimParameter['Type'] | undefined) ?? existing?.Type ?? 'String',
      Value: input.Value,
      Version: (existing?.Version ?? 0) + 1,
      LastModifiedDate: this.ctx.clock.now(),
      DataType: 'text',
      ARN: `arn:aws:ssm:${region}:${this.ctx.accountId}:parameter/${name}`,
    };
    this.parameters.set(key, parameter);
    return parameter;
  }

  getParameter(region: string, name: string | undefined): SimParameter {
    const parameter = name ? this.parameters.get(regionKey(region, name)) : undefined;
    if (!parameter) throw new SimError('ParameterNotFound', `Parameter ${name ?? ''} not found.`);
    return parameter;
  }

  sendCommand(
    region: string,
    input: { InstanceIds?: string[]; DocumentName?: string; Parameters?: Record<string, string[]>; TimeoutSeconds?: number; Comment?: string },
  ): SimCommand {
    if (!input.DocumentName) throw new SimError('ValidationException', "Value null at 'documentName' failed to satisfy constraint: Member must not be null");
    const instanceIds = input.InstanceIds ?? [];
    if (instanceIds.length === 0) throw new SimError('ValidationException', 'InstanceIds or Targets must be specified.');
    for (const id of instanceIds) {
      const instance = this.instances.byId.get(id);
      if (!instance || instance.region !== region || instance.state !== 'running') {
        throw new SimError('InvalidInstanceId', `Instances [[${id}]] not in a valid state for account ${this.ctx.accountId}`);
      }
    }
    const now = this.ctx.clock.now();
    const command: SimCommand = {
      commandId: this.ctx.ids.uuid(),
      region,
      documentName: input.DocumentName,
      instanceIds,
      parameters: input.Parameters ?? {},
      comment: input.Comment,
      requestedAt: now,
      timeoutSeconds: input.TimeoutSeconds ?? 3600,
      invocations: new Map(),
    };
    for (const instanceId of instanceIds) {
      const invocation: SimInvocation = {
        commandId: command.commandId,
        instanceId,
        documentName: command.documentName,
        commands: command.parameters.commands ?? [],
        status: 'InProgress',
        responseCode: -1,
        stdout: '',
        stderr: '',
        startedAt: now,
      };
      command.invocations.set(instanceId, invocation);
      const outcome = this.outcomeByInstance.get(instanceId) ?? this.defaultOutcome;
      if (outcome.status === 'Hang') {
        // A hung script runs until the document's executionTimeout (default 3600 s) stops it.
        const executionTimeout = Number(command.parameters.executionTimeout?.[0] ?? 3600);
        this.ctx.clock.after(executionTimeout * 1000, () => {
          if (invocation.status !== 'InProgress') return;
          invocation.status = 'TimedOut';
          invocation.responseCode = -1;
          invocation.endedAt = this.ctx.clock.now();
        });
        continue;
      }
      this.ctx.clock.after(outcome.durationMs ?? this.ctx.timings.ssmCommandMs, () => {
        if (invocation.status !== 'InProgress') return;
        invocation.status = outcome.status as InvocationStatus;
        invocation.responseCode = outcome.responseCode ?? (outcome.status === 'Success' ? 0 : 1);
        invocation.stdout = outcome.stdout ?? invocation.commands.map((c) => `$ ${c}`).join('\n');
        invocation.stderr = outcome.stderr ?? (outcome.status === 'Success' ? '' : `command ${outcome.status.toLowerCase()}`);
        invocation.endedAt = this.ctx.clock.now();
      });
    }
    this.commands.set(command.commandId, command);
    return command;
  }

  /** Newest first, as ListCommands answers. */
  list(region: string, filter: { CommandId?: string; InstanceId?: string }): SimCommand[] {
    return [...this.commands.values()]
      .filter((c) => c.region === region && (!filter.CommandId || c.commandId === filter.CommandId) && (!filter.InstanceId || c.instanceIds.includes(filter.InstanceId)))
      .sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
  }

  invocation(commandId: string | undefined, instanceId: string | undefined): SimInvocation {
    const invocation = commandId && instanceId ? this.commands.get(commandId)?.invocations.get(instanceId) : undefined;
    if (!invocation) throw new SimError('InvocationDoesNotExist', 'An error occurred (InvocationDoesNotExist) when calling the GetCommandInvocation operation');
    return invocation;
  }
}
