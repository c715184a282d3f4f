import { GetCommandInvocationCommand, ListCommandsCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { log } from '@temporalio/activity';
import type { AwsClientsForRegion } from '../aws-clients';
import { awsErrorName, rethrowClassified } from '../aws-errors';

export interface DrainCommandRequest {
  region?: string;
  instanceId: string;
  commands: string[];
  /** The script's own execution timeout on the instance. */
  executionTimeoutSeconds: number;
  /** Marks the command as ours, so a retried send finds it instead of sending again. */
  comment: string;
}

export interface DrainCommandInvocation {
  /** SSM invocation status: Pending, InProgress, Delayed, Success, Cancelled, TimedOut, Failed, Cancelling… */
  status: string;
  terminal: boolean;
  responseCode?: number;
  stdoutTail?: string;
  stderrTail?: string;
}

const TAIL_CHARS = 2000;
const TERMINAL = new Set(['Success', 'Cancelled', 'TimedOut', 'Failed', 'Undeliverable', 'Terminated', 'InvalidPlatform', 'AccessDenied', 'DeliveryTimedOut', 'ExecutionTimedOut']);
// The instance is not managed by SSM (no agent, no role) or the document is wrong: retrying cannot help.
const SEND_NEVER_SUCCEEDS = ['InvalidInstanceId', 'InvalidDocument', 'InvalidParameters', 'UnsupportedPlatformType', 'InvalidRole'];

function tail(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return text.length > TAIL_CHARS ? text.slice(-TAIL_CHARS) : text;
}

/** Runs the drain script on the instance through SSM Run Command, the AWS way to reach an instance. */
export function createDrainCommandActivities(clientsFor: AwsClientsForRegion) {
  return {
    async sendDrainCommand(request: DrainCommandRequest): Promise<{ commandId: string; reused: boolean }> {
      const ssm = clientsFor(request.region).ssm;
      try {
        // SendCommand has no client token: a retry after a lost answer finds the first command by its comment.
        const listed = await ssm.send(new ListCommandsCommand({ InstanceId: request.instanceId, MaxResults: 50 }));
        const earlier = listed.Commands?.find((c) => c.Comment === request.comment && c.CommandId);
        if (earlier?.CommandId) return { commandId: earlier.CommandId, reused: true };

        const out = await ssm.send(
          new SendCommandCommand({
            DocumentName: 'AWS-RunShellScript',
            InstanceIds: [request.instanceId],
            Comment: request.comment,
            Parameters: {
              commands: request.commands,
              executionTimeout: [String(request.executionTimeoutSeconds)],
            },
            // Delivery timeout; SSM's minimum is 30 s.
            TimeoutSeconds: Math.max(30, request.executionTimeoutSeconds),
          }),
        );
        const commandId = out.Command?.CommandId;
        if (!commandId) throw new Error('SendCommand answered without a CommandId');
        log.info('drain command sent', { commandId, instanceId: request.instanceId });
        return { commandId, reused: false };
      } catch (err) {
        return rethrowClassified(err, 'SSM SendCommand', SEND_NEVER_SUCCEEDS);
      }
    },

    async getDrainCommandInvocation(request: { region?: string; commandId: string; instanceId: string }): Promise<DrainCommandInvocation> {
      try {
        const out = await clientsFor(request.region).ssm.send(
          new GetCommandInvocationCommand({ CommandId: request.commandId, InstanceId: request.instanceId }),
        );
        const status = out.Status ?? 'Pending';
        return {
          status,
          terminal: TERMINAL.has(status),
          responseCode: out.ResponseCode,
          stdoutTail: tail(out.StandardOutputContent),
          stderrTail: tail(out.StandardErrorContent),
        };
      } catch (err) {
        // Right after SendCommand the invocation may not exist yet.
        if (awsErrorName(err) === 'InvocationDoesNotExist') return { status: 'Pending', terminal: false };
        return rethrowClassified(err, 'SSM GetCommandInvocation', ['InvalidCommandId', 'InvalidInstanceId']);
      }
    },
  };
}
