import type {
  Command,
  GetCommandInvocationCommandInput,
  GetCommandInvocationCommandOutput,
  GetParameterCommandInput,
  GetParameterCommandOutput,
  ListCommandsCommandInput,
  ListCommandsCommandOutput,
  PutParameterCommandInput,
  PutParameterCommandOutput,
  SendCommandCommandInput,
  SendCommandCommandOutput,
} from '@aws-sdk/client-ssm';
import type { Fleet } from '../fleet/fleet';
import type { SimCommand } from '../fleet/ssm';
import { op, type ServiceApi } from './handler';

function commandShape(command: SimCommand): Command {
  const invocations = [...command.invocations.values()];
  const done = invocations.filter((i) => i.status !== 'Pending' && i.status !== 'InProgress');
  const failed = done.filter((i) => i.status !== 'Success');
  const status = done.length < invocations.length ? 'InProgress' : failed.length > 0 ? (failed.every((i) => i.status === 'TimedOut') ? 'TimedOut' : 'Failed') : 'Success';
  return {
    CommandId: command.commandId,
    DocumentName: command.documentName,
    DocumentVersion: '$DEFAULT',
    Comment: command.comment,
    InstanceIds: command.instanceIds,
    Parameters: command.parameters,
    RequestedDateTime: command.requestedAt,
    ExpiresAfter: new Date(command.requestedAt.getTime() + command.timeoutSeconds * 1000),
    Status: status,
    StatusDetails: status,
    TargetCount: invocations.length,
    CompletedCount: done.length,
    ErrorCount: failed.length,
    DeliveryTimedOutCount: 0,
    TimeoutSeconds: command.timeoutSeconds,
    Targets: [],
    MaxConcurrency: '50',
    MaxErrors: '0',
  };
}

export function createSsmApi(fleet: Fleet): ServiceApi {
  const { ssm } = fleet;

  return {
    PutParameter: op<PutParameterCommandInput, PutParameterCommandOutput>((input, call) => {
      const parameter = ssm.putParameter(call.region, input);
      return { Version: parameter.Version, Tier: 'Standard' };
    }),

    GetParameter: op<GetParameterCommandInput, GetParameterCommandOutput>((input, call) => {
      const parameter = ssm.getParameter(call.region, input.Name);
      return { Parameter: { ...parameter } };
    }),

    SendCommand: op<SendCommandCommandInput, SendCommandCommandOutput>((input, call) => {
      const command = ssm.sendCommand(call.region, input);
      return { Command: commandShape(command) };
    }),

    ListCommands: op<ListCommandsCommandInput, ListCommandsCommandOutput>((input, call) => ({
      Commands: ssm.list(call.region, input).slice(0, input.MaxResults ?? 50).map(commandShape),
    })),

    GetCommandInvocation: op<GetCommandInvocationCommandInput, GetCommandInvocationCommandOutput>((input) => {
      const invocation = ssm.invocation(input.CommandId, input.InstanceId);
      return {
        CommandId: invocation.commandId,
        InstanceId: invocation.instanceId,
        DocumentName: invocation.documentName,
        DocumentVersion: '$DEFAULT',
        PluginName: 'aws:runShellScript',
        ResponseCode: invocation.responseCode,
        ExecutionStartDateTime: invocation.startedAt.toISOString(),
        Comment: ssm.commands.get(invocation.commandId)?.comment ?? '',
        ExecutionElapsedTime: `PT${((invocation.endedAt ?? invocation.startedAt).getTime() - invocation.startedAt.getTime()) / 1000}S`,
        ExecutionEndDateTime: invocation.endedAt?.toISOString() ?? '',
        Status: invocation.status,
        StatusDetails: invocation.status,
        StandardOutputContent: invocation.stdout,
        StandardOutputUrl: '',
        StandardErrorContent: invocation.stderr,
        StandardErrorUrl: '',
        CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
      };
    }),
  };
}
