import { SendCommandCommand } from '@aws-sdk/client-ssm';
import { WorkflowFailedError } from '@temporalio/client';
import { DEFAULT_DRAIN_COMMANDS, type TerminateInput, type TerminateResult } from '../../common/terminate';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { awsError } from './fake-aws';
import { useTerminateHarness, workflowsPath, type TerminateHarness } from './harness';

const h = useTerminateHarness();

async function run(input: TerminateInput, historyName?: string): Promise<TerminateResult> {
  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;
  if (historyName) await recordHistoryIfAsked(handle, historyName);
  return result;
}

/** Planned terminations (forensics skipped) keep these tests about the drain. */
function plannedInput(settings: Parameters<TerminateHarness['input']>[2] = {}): TerminateInput {
  const input = h.input('old-asg', 'no-fleet', settings);
  h.aws.groups.set('old-asg', { status: 'Delete in progress' });
  return input;
}

test("drain commands run through SSM AWS-RunShellScript with the original's defaults; stdout tail kept", async () => {
  const input = plannedInput();

  const result = await run(input, 'terminate-drain-success');

  expect(h.aws.ssm).toHaveReceivedCommandWith(SendCommandCommand, {
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: [input.action.instanceId],
    Parameters: { commands: DEFAULT_DRAIN_COMMANDS, executionTimeout: ['120'] },
  });
  expect(h.aws.commands[0]?.Comment).toMatch(new RegExp(`^terminate/${input.action.instanceId}/`));
  expect(result.drain.command).toMatchObject({ status: 'success', ssmStatus: 'Success', responseCode: 0, stdoutTail: 'flushed\nstopped zabbix-agent\n' });
  expect(result.drain.monitoring).toMatchObject({ status: 'deleted', system: 'zabbix', hostName: h.aws.privateDnsName });
});

test('SSM command failed: reported with its stderr tail, then the host still leaves monitoring and the action is completed', async () => {
  h.aws.ssmScript = { statuses: ['InProgress', 'Failed'], stderr: 'x'.repeat(5000) + 'td-agent.pid: No such file', responseCode: 1 };
  const input = plannedInput({ drain: { commands: ['kill -SIGUSR1 "$(cat /var/run/td-agent/td-agent.pid)"'], monitoring: { kind: 'zabbix' } } });

  const result = await run(input);

  expect(result.drain.status).toBe('partial');
  expect(result.drain.command).toMatchObject({ status: 'failed', ssmStatus: 'Failed', responseCode: 1 });
  expect(result.drain.command.stderrTail).toHaveLength(2000);
  expect(result.drain.command.stderrTail).toMatch(/td-agent.pid: No such file$/);
  expect(result.drain.monitoring.status).toBe('deleted');
  expect(h.aws.completions).toEqual([expect.objectContaining({ result: 'CONTINUE' })]);
});

test('a quick drain script is seen done quickly: the first looks come 1 s and 2 s after SendCommand', async () => {
  h.aws.ssmScript = { statuses: ['InProgress', 'Success'], stdout: 'flushed\n' };
  const input = plannedInput();

  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;
  const history = await handle.fetchHistory();
  const timers = (history.events ?? [])
    .map((e) => e.timerStartedEventAttributes?.startToFireTimeout?.seconds)
    .filter((seconds) => seconds !== undefined && seconds !== null)
    .map(Number);

  expect(result.drain.command).toMatchObject({ status: 'success' });
  // The 60 s timers are the hook heartbeat loop beside the drain.
  expect(timers.filter((seconds) => seconds < 60).slice(0, 2)).toEqual([1, 2]);
  expect(h.aws.invocationPolls).toBe(2);
});

test('SSM command never finishes: timed out after its timeout plus grace, the workflow moves on', async () => {
  h.aws.ssmScript = { statuses: ['InProgress'] };
  const input = plannedInput({ drain: { commandTimeoutSeconds: 30, monitoring: { kind: 'zabbix' } } });

  const result = await run(input);

  expect(result.drain.command).toMatchObject({ status: 'timed-out', ssmStatus: 'InProgress' });
  expect(result.drain.command.error).toMatch(/no result within 90 s/);
  // After 1, 2 and 4 s, then 5 s apart up to 90 s: bounded, not forever.
  expect(h.aws.invocationPolls).toBeGreaterThanOrEqual(19);
  expect(h.aws.invocationPolls).toBeLessThanOrEqual(21);
  expect(result.outcome).toBe('completed');
});

test('instance not managed by SSM: SendCommand refused once, reported, drain moves on', async () => {
  h.aws.sendCommandError = awsError('InvalidInstanceId', 'Instances not in a valid state for account');
  const result = await run(plannedInput());

  expect(result.drain.command).toMatchObject({ status: 'error' });
  expect(result.drain.command.error).toMatch(/InvalidInstanceId/);
  expect(h.aws.ssm.commandCalls(SendCommandCommand)).toHaveLength(1);
  expect(result.drain.monitoring.status).toBe('deleted');
  expect(result.outcome).toBe('completed');
});

test('Zabbix host missing: success (already absent)', async () => {
  const input = plannedInput();
  h.zabbix.hosts.clear();

  const result = await run(input);

  expect(result.drain).toMatchObject({ status: 'done', monitoring: { status: 'already-absent' } });
  expect(h.zabbix.calls.map((c) => c.method)).toEqual(['host.get']);
});

test('Zabbix API errors are retried: two HTTP 500s, then the host is deleted', async () => {
  const input = plannedInput();
  h.zabbix.faults.push({ http: 500 }, { http: 502 });

  const result = await run(input);

  expect(result.drain.monitoring.status).toBe('deleted');
  expect(h.zabbix.calls.map((c) => c.method)).toEqual(['host.get', 'host.get', 'host.get', 'host.delete']);
  expect(h.zabbix.byName(h.aws.privateDnsName)).toBeUndefined();
});

test('Zabbix down for good: bounded retries, reported, the action is still completed', async () => {
  const input = plannedInput();
  for (let i = 0; i < 20; i += 1) h.zabbix.faults.push({ http: 503 });

  const result = await run(input);

  expect(result.drain.monitoring).toMatchObject({ status: 'error', hostName: h.aws.privateDnsName });
  expect(result.drain.monitoring.error).toMatch(/HTTP 503/);
  expect(h.zabbix.calls).toHaveLength(5);
  expect(result.drain.status).toBe('partial');
  expect(h.aws.completions).toHaveLength(1);
});

test("Zabbix 'disable' keeps the host with status 1; host named by instance id when asked", async () => {
  const input = plannedInput({ drain: { monitoring: { kind: 'zabbix', action: 'disable', hostNameFrom: 'instance-id' } } });
  const host = h.zabbix.addHost(input.action.instanceId);

  const result = await run(input);

  expect(result.drain.monitoring).toMatchObject({ status: 'disabled', hostName: input.action.instanceId, hostId: host.hostid });
  expect(h.zabbix.hosts.get(host.hostid)?.status).toBe('1');
});

test('action token already expired: ends cleanly as action-gone, nothing else touched', async () => {
  const input = h.input('web-asg', 'no-fleet');
  h.aws.actions.set(input.action.instanceId, 'gone');

  const result = await run(input, 'terminate-action-gone');

  expect(result.outcome).toBe('action-gone');
  expect(result.summary).toMatch(/already gone/);
  expect(h.aws.createImageCalls).toBe(0);
  expect(h.aws.commands).toHaveLength(0);
  expect(h.zabbix.calls).toHaveLength(0);
});

test('action expires mid-forensics: the drain already ran beside the image wait, outcome action-gone', async () => {
  h.aws.imagePendingPolls = 30;
  h.aws.actionExpiresAfterHeartbeats = 5;
  const input = h.input('web-asg', 'no-fleet');

  const result = await run(input);

  expect(result.heartbeats.actionGone).toBe(true);
  expect(result.forensics.status).toBe('available');
  // CreateImage fixed the image's content; the drain did not wait 30 polls for it to be available.
  expect(result.drain.command).toMatchObject({ status: 'success' });
  expect(result.drain.monitoring.status).toBe('deleted');
  expect(result.outcome).toBe('action-gone');
  expect(h.aws.completions).toHaveLength(0);
});

test('heartbeat interval not well inside the hook timeout: said clearly, and shortened', async () => {
  h.aws.hookHeartbeatTimeout = 90;
  const input = plannedInput({ hookHeartbeatIntervalSeconds: 60 });

  const result = await run(input);

  expect(result.hook).toMatchObject({ ok: false, heartbeatTimeoutSeconds: 90, configuredIntervalSeconds: 60, intervalSeconds: 30 });
  expect(result.hook.message).toMatch(/NOT well inside the hook's heartbeat timeout of 90 s/);
  expect(result.summary).toMatch(/Hook: heartbeat interval 60 s is NOT well inside/);
});

test('a malformed instance id fails before any AWS call, naming the field', async () => {
  const input = h.input('web-asg', 'no-fleet');
  input.action.instanceId = 'web-1';

  const err = await (await h.startTerminate(input)).result().catch((e: unknown) => e);

  expect(err).toBeInstanceOf(WorkflowFailedError);
  expect((err as WorkflowFailedError).cause?.message).toMatch(/action\.instanceId: expected an EC2 instance id/);
  for (const mock of [h.aws.autoScaling, h.aws.ec2, h.aws.ssm]) expect(mock.calls()).toHaveLength(0);
});

test('bad settings: the instance is released with CONTINUE, then the run fails naming the field', async () => {
  const input = h.input('web-asg', 'no-fleet', { drain: { commandTimeoutSeconds: -5 } });

  const err = await (await h.startTerminate(input)).result().catch((e: unknown) => e);

  expect((err as WorkflowFailedError).cause?.message).toMatch(/settings\.drain\.commandTimeoutSeconds/);
  expect(h.aws.completions).toEqual([expect.objectContaining({ result: 'CONTINUE', instanceId: input.action.instanceId })]);
  expect(h.aws.ec2.calls()).toHaveLength(0);
});

test.each(['terminate-drain-success', 'terminate-action-gone'])('recorded history %s replays against the current workflow code', async (name) => {
  await replayRecordedHistory(name, await workflowBundle(workflowsPath));
});
