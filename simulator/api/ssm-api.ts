import type {
  GetCommandInvocationCommandInput,
  GetCommandInvocationCommandOutput,
  GetParameterCommandInput,
  GetParameterCommandOutput,
  PutParameterCommandInput,
  PutParameterCommandOutput,
  SendCommandCommandInput,
  SendCommandCommandOutput,
} from '@aws-sdk/client-ssm';
import type { Fleet } from '../fleet/fleet';
import { op, type ServiceApi } from './handler';

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
      return {
        Command: {
          CommandId: command.commandId,
          DocumentName: command.documentName,
          DocumentVersion: '$DEFAULT',
          Comment: command.comment,
          InstanceIds: command.instanceIds,
          Parameters: command.parameters,
          RequestedDateTime: command.requestedAt,
          ExpiresAfter: new Date(command.requestedAt.getTime() + command.timeoutSeconds * 1000),
          Status: 'Pending',
          StatusDetails: 'Pending',
          TargetCount: command.instanceIds.length,
          CompletedCount: 0,
          ErrorCount: 0,
          DeliveryTimedOutCount: 0,
          TimeoutSeconds: command.timeoutSeconds,
          Targets: [],
        },
      };
    }),

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
        ExecutionElapsedTime: invocation.endedAt ? `PT${(invocation.endedAt.getTime() - invocation.startedAt.getTime()) / 1000}S` : undefined,
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
