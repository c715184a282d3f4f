import { RecordLifecycleActionHeartbeatCommand } from '@aws-sdk/client-auto-scaling';
import { CreateImageCommand } from '@aws-sdk/client-ec2';
import type { TerminateResult, TerminateSettings } from '../../common/terminate';
import { useTerminateHarness } from './harness';

// Behaviours docs/terminate.md and common/terminate.ts promise, each held by a test that
// fails when the behaviour is broken (issue 14, item 5).
const h = useTerminateHarness();

function noRebootFlags(): (boolean | undefined)[] {
  return h.aws.ec2.commandCalls(CreateImageCommand).map((call) => call.args[0].input.NoReboot);
}

// No fleet workflow has seen a launch, so every termination here is unexpected and imaged.
test.each<{ settings: string; forensics: TerminateSettings['forensics']; noReboot: boolean }>([
  { settings: 'no forensics settings at all', forensics: undefined, noReboot: true },
  { settings: 'forensics settings without noReboot', forensics: { enabled: true, imagePollIntervalSeconds: 60 }, noReboot: true },
  { settings: 'noReboot: false set explicitly', forensics: { noReboot: false }, noReboot: false },
])('forensic image with $settings: CreateImage gets NoReboot $noReboot', async ({ forensics, noReboot }) => {
  // Prepare
  const input = h.input('reboot-asg', 'reboot-no-fleet', forensics ? { forensics } : {});

  // Act
  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  // Assess
  expect(result.forensics.status).toBe('available');
  expect(noRebootFlags()).toEqual([noReboot]);
});

test('a heartbeat that fails all its retries is counted, and the next ones are still sent', async () => {
  // Prepare: the image stays pending for ten 60 s looks, long enough for several heartbeats.
  // The first loop heartbeat (calls 2 to 4; call 1 proves the action is pending) fails every
  // attempt with a 503; every later call is answered as the fake answers it.
  h.aws.imagePendingPolls = 10;
  h.aws.hookHeartbeatTimeout = 300;
  let calls = 0;
  const failedAt: number[] = [];
  h.aws.autoScaling.on(RecordLifecycleActionHeartbeatCommand).callsFake(() => {
    calls += 1;
    if (calls >= 2 && calls <= 4) {
      failedAt.push(calls);
      throw Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } });
    }
    h.aws.heartbeats += 1;
    return {};
  });
  const input = h.input('beat-asg', 'beat-no-fleet', { forensics: { imagePollIntervalSeconds: 60 } });

  // Act
  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  // Assess: the three attempts of one heartbeat failed, and heartbeating went on after them.
  expect(failedAt).toEqual([2, 3, 4]);
  expect(result.forensics).toMatchObject({ status: 'available' });
  expect(result.forensics.waitedSeconds).toBeGreaterThanOrEqual(600);
  expect(result.heartbeats.failed).toBe(1);
  expect(result.heartbeats.sent).toBeGreaterThanOrEqual(5);
  expect(h.aws.heartbeats).toBe(result.heartbeats.sent + 1);
  expect(h.aws.completions).toHaveLength(1);
  expect(result.outcome).toBe('completed');
});
