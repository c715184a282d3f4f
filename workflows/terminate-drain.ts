import { log, patched, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { DrainActivities } from '../activities/drain';
import type { MonitoringActivities } from '../activities/monitoring';
import type { LifecycleActionRef } from '../common/lifecycle';
import {
  DEFAULT_DRAIN_COMMANDS,
  type CommandReport,
  type DrainReport,
  type DrainSettings,
  type MonitoringReport,
} from '../common/terminate';
import { TERMINATE_SETTINGS } from '../common/settings/terminate';
import { withSummaries } from './activity-summaries';
import { failureMessage, rethrowCancellation } from './failures';
import { countOutcome } from './metrics';
import type { ObservedWrites } from './observe';

export const DEFAULT_COMMAND_TIMEOUT_SECONDS: number = TERMINATE_SETTINGS.drain.commandTimeoutSeconds.default;
const COMMAND_POLL_SECONDS = 5;
/**
 * Drain scripts usually end within seconds: the first look comes after 1 s and the interval
 * doubles up to COMMAND_POLL_SECONDS, so a 2 s script is seen done at 3 s, not 5 s. Runs started
 * before this change keep the fixed interval when replayed.
 */
const QUICK_COMMAND_POLLS_PATCH = 'drain-quick-command-polls';
const FIRST_COMMAND_POLL_SECONDS = 1;
// SSM needs a moment to deliver and report beyond the script's own timeout.
const COMMAND_WAIT_GRACE_SECONDS = 60;

const { sendDrainCommand, getDrainCommandInvocation, describeInstanceNames } = withSummaries(
  proxyActivities<DrainActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '15 seconds', maximumAttempts: 4 },
  }),
  { sendDrainCommand: (req) => `SendCommand AWS-RunShellScript ${req.instanceId}: ${req.commands.length} drain command(s)` },
);

// Zabbix gets a few more tries: an API restart or a database hiccup is common and brief.
const { removeMonitoredHost } = proxyActivities<MonitoringActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

function commandOutcome(ssmStatus: string): CommandReport['status'] {
  if (ssmStatus === 'Success') return 'success';
  if (/TimedOut/.test(ssmStatus)) return 'timed-out';
  return 'failed';
}

export interface DrainRun {
  ref: LifecycleActionRef;
  settings: DrainSettings;
  /** True once the lifecycle action is gone: the instance is terminating, nothing reaches it any more. */
  actionGone(): boolean;
  /** Acting: the command is sent and the host removed; observing: both are only recorded. */
  observed: ObservedWrites;
  onProgress(report: Partial<DrainReport>): void;
}

/** Long enough to compare with another system's script, short enough for a memo. */
const OBSERVED_COMMANDS_MAX_CHARS = 200;

/** Drain commands on the instance through SSM; bounded wait; a failure is reported, never blocks. */
export async function runDrainCommand(run: DrainRun): Promise<CommandReport> {
  const { ref, settings } = run;
  const commands = settings.commands ?? DEFAULT_DRAIN_COMMANDS;
  if (commands.length === 0) return { status: 'skipped', error: 'no drain commands configured' };
  if (run.actionGone()) return { status: 'skipped', error: 'lifecycle action gone: the instance is already terminating' };
  const timeoutSeconds = settings.commandTimeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_SECONDS;
  if (run.observed.observing) {
    const script = commands.join('; ');
    run.observed.record({
      call: 'SendCommand',
      target: ref.instanceId,
      detail: `AWS-RunShellScript, timeout ${timeoutSeconds} s: ${script.length > OBSERVED_COMMANDS_MAX_CHARS ? `${script.slice(0, OBSERVED_COMMANDS_MAX_CHARS)}…` : script}`,
    });
    return { status: 'skipped' };
  }

  let commandId: string;
  try {
    ({ commandId } = await sendDrainCommand({
      region: ref.region,
      instanceId: ref.instanceId,
      commands,
      executionTimeoutSeconds: timeoutSeconds,
      comment: workflowInfo().workflowId.slice(0, 100),
    }));
  } catch (err) {
    rethrowCancellation(err);
    const error = `SendCommand: ${failureMessage(err)}`;
    log.warn('drain command not sent', { instanceId: ref.instanceId, error });
    return { status: 'error', error };
  }
  run.onProgress({ command: { status: 'running', commandId, ssmStatus: 'Pending' } });

  const deadline = Date.now() + (timeoutSeconds + COMMAND_WAIT_GRACE_SECONDS) * 1000;
  let last: CommandReport = { status: 'running', commandId, ssmStatus: 'Pending' };
  const quickPolls = patched(QUICK_COMMAND_POLLS_PATCH);
  let pollSeconds = quickPolls ? FIRST_COMMAND_POLL_SECONDS : COMMAND_POLL_SECONDS;
  for (;;) {
    await sleep(pollSeconds * 1000);
    if (quickPolls) pollSeconds = Math.min(pollSeconds * 2, COMMAND_POLL_SECONDS);
    try {
      const invocation = await getDrainCommandInvocation({ region: ref.region, commandId, instanceId: ref.instanceId });
      last = {
        status: invocation.terminal ? commandOutcome(invocation.status) : 'running',
        commandId,
        ssmStatus: invocation.status,
        responseCode: invocation.responseCode,
        stdoutTail: invocation.stdoutTail,
        stderrTail: invocation.stderrTail,
      };
      if (invocation.terminal) return last;
    } catch (err) {
      rethrowCancellation(err);
      last = { ...last, error: `GetCommandInvocation: ${failureMessage(err)}` };
    }
    if (Date.now() >= deadline) {
      return {
        ...last,
        status: 'timed-out',
        error: `${last.error ? `${last.error}; ` : ''}no result within ${timeoutSeconds + COMMAND_WAIT_GRACE_SECONDS} s (last status ${last.ssmStatus ?? 'unknown'})`,
      };
    }
  }
}

/** Removes the host from monitoring; the host already gone is success. */
export async function runMonitoringCleanup(run: DrainRun): Promise<MonitoringReport> {
  const { ref } = run;
  const monitoring = run.settings.monitoring;
  if (monitoring?.kind === 'none') return { status: 'skipped' };
  const kind = monitoring?.kind ?? 'auto';
  const from = monitoring?.hostNameFrom ?? 'private-dns-name';

  let hostName: string | undefined = ref.instanceId;
  if (from !== 'instance-id') {
    try {
      const names = await describeInstanceNames({ region: ref.region, instanceId: ref.instanceId });
      hostName = from === 'name-tag' ? names.nameTag : names.privateDnsName;
    } catch (err) {
      rethrowCancellation(err);
      return { status: 'error', error: `DescribeInstances: ${failureMessage(err)}` };
    }
    if (!hostName) return { status: 'error', error: `instance ${ref.instanceId} has no ${from}, so its monitoring host cannot be named` };
  }
  const action = monitoring?.action ?? 'delete';
  if (run.observed.observing) {
    run.observed.record({
      call: action === 'disable' ? 'DisableMonitoringHost' : 'DeleteMonitoringHost',
      target: hostName,
      detail: kind === 'auto' ? `Zabbix host ${hostName}, if the worker has Zabbix configured` : `${kind} host ${hostName}`,
    });
    return { status: 'skipped', hostName };
  }
  try {
    return await removeMonitoredHost({ kind, hostName, action });
  } catch (err) {
    rethrowCancellation(err);
    const error = failureMessage(err);
    log.warn('monitoring clean-up failed', { instanceId: ref.instanceId, hostName, error });
    return { status: 'error', hostName, error };
  }
}

/** Every termination: drain commands first (the agent stops reporting), then the monitoring host goes. */
export async function runDrain(run: DrainRun): Promise<DrainReport> {
  if (run.settings.enabled === false) {
    return { status: 'skipped', command: { status: 'skipped' }, monitoring: { status: 'skipped' } };
  }
  const command = await runDrainCommand(run);
  run.onProgress({ command });
  const monitoring = await runMonitoringCleanup(run);
  const fine = (command.status === 'success' || command.status === 'skipped') && monitoring.status !== 'error';
  // An observing run drained nothing: it is neither counted nor reported as done.
  if (run.observed.observing) return { status: fine ? 'skipped' : 'partial', command, monitoring };
  countOutcome({ action: 'drain', outcome: fine ? 'succeeded' : 'failed' });
  return { status: fine ? 'done' : 'partial', command, monitoring };
}
