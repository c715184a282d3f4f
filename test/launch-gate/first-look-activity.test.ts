import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createFirstLookActivities, type FirstLook, type FirstLookParts, type FirstLookRequest } from '../../activities/launch-gate/first-look';
import type { PathComparison } from '../../common/launch-gate';

const SCHEDULED_AT = Date.parse('2026-11-27T12:00:00Z');
const inSync: PathComparison[] = [{ path: '/', result: 'in-sync', detail: 'same SHA-256 (3 bytes)' }];

/** Parts that count their calls; the clock stands still at `clock.now` unless a test moves it. */
function fakeParts(hookTimeoutSeconds = 300) {
  const clock = { now: SCHEDULED_AT };
  const calls = { hook: 0, address: 0, compare: 0 };
  const parts: FirstLookParts = {
    async describeLifecycleHook() {
      calls.hook += 1;
      return { heartbeatTimeoutSeconds: hookTimeoutSeconds, defaultResult: 'ABANDON' };
    },
    async describeInstanceAddress() {
      calls.address += 1;
      return { kind: 'address', privateIp: '127.0.0.1', state: 'running' };
    },
    async compareContent() {
      calls.compare += 1;
      return inSync;
    },
    now: () => clock.now,
  };
  return { parts, calls, clock };
}

function request(overrides: Partial<FirstLookRequest> = {}): FirstLookRequest {
  return {
    action: { region: 'us-east-1', autoScalingGroupName: 'web-asg', lifecycleHookName: 'content-gate', instanceId: 'i-0123456789abcdef0' },
    actionStartedAtMs: SCHEDULED_AT,
    workflowNowMs: SCHEDULED_AT,
    compare: {
      originBaseUrl: 'http://127.0.0.1:1',
      hostHeader: 'www.example.com',
      paths: ['/'],
      replicaScheme: 'http',
      replicaPort: 80,
      requestTimeoutMs: 5_000,
      maxBodyBytes: 1024,
    },
    ...overrides,
  };
}

const env = new MockActivityEnvironment({ scheduledTimestampMs: SCHEDULED_AT }, { logger: new DefaultLogger('ERROR') });

test('one look: hook, address and comparison', async () => {
  const { parts, calls } = fakeParts();
  const { firstLook } = createFirstLookActivities(parts);

  const look = await env.run(firstLook, request());

  expect(look).toEqual({ hook: { heartbeatTimeoutSeconds: 300, defaultResult: 'ABANDON' }, address: expect.objectContaining({ privateIp: '127.0.0.1' }), paths: inSync });
  expect(calls).toEqual({ hook: 1, address: 1, compare: 1 });
});

test('a hook is described once a minute per worker, however many gates ask', async () => {
  const { parts, calls, clock } = fakeParts();
  const { firstLook } = createFirstLookActivities(parts);

  for (let i = 0; i < 5; i += 1) await env.run(firstLook, request());
  expect(calls.hook).toBe(1);
  clock.now += 60_000;
  await env.run(firstLook, request({ workflowNowMs: clock.now }));
  expect(calls.hook).toBe(2);
});

test('gates of a burst that ask at the same moment share one hook lookup', async () => {
  const { parts, calls } = fakeParts();
  const { firstLook } = createFirstLookActivities(parts);

  await Promise.all(Array.from({ length: 5 }, () => env.run(firstLook, request())));

  expect(calls.hook).toBe(1);
  expect(calls.address).toBe(5);
});

test('a configured heartbeat timeout spares the hook lookup', async () => {
  const { parts, calls } = fakeParts();
  const { firstLook } = createFirstLookActivities(parts);

  const look = await env.run(firstLook, request({ hookHeartbeatTimeoutSeconds: 600 }));

  expect(look).not.toHaveProperty('hook');
  expect(calls.hook).toBe(0);
});

test('no comparison when the first heartbeat is due before a check could end, by the workflow clock plus the time since it asked', async () => {
  // 30 s hook: the first heartbeat is due 15 s after the action started; a check may take 10 s.
  const { parts, calls, clock } = fakeParts(30);
  const { firstLook } = createFirstLookActivities(parts);

  // Asked 4 s after the start, by the workflow's clock; the worker's clock is 2 s later than when it was asked.
  clock.now = SCHEDULED_AT + 2_000;
  const late = (await env.run(firstLook, request({ workflowNowMs: SCHEDULED_AT + 4_000 }))) as FirstLook;
  // 4 + 2 + 10 >= 15: the heartbeat goes first, the workflow compares after it.
  expect(late.paths).toBeUndefined();
  expect(late.address).toMatchObject({ kind: 'address' });

  clock.now = SCHEDULED_AT;
  const early = (await env.run(firstLook, request({ workflowNowMs: SCHEDULED_AT + 4_000 }))) as FirstLook;
  expect(early.paths).toEqual(inSync);
  expect(calls.compare).toBe(1);
});

test('a hook lookup that can never succeed is reported, not thrown; a transient one throws for a retry', async () => {
  const { parts } = fakeParts();
  const { firstLook } = createFirstLookActivities({
    ...parts,
    describeLifecycleHook: async () => {
      throw ApplicationFailure.nonRetryable('DescribeLifecycleHooks: AccessDenied', 'AccessDenied');
    },
  });
  await expect(env.run(firstLook, request())).resolves.toMatchObject({ hookError: 'DescribeLifecycleHooks: AccessDenied', paths: inSync });

  const throttled = createFirstLookActivities({
    ...parts,
    describeLifecycleHook: async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    },
  });
  await expect(env.run(throttled.firstLook, request())).rejects.toThrow('Rate exceeded');
});

test('a gone instance is reported without a comparison', async () => {
  const { parts, calls } = fakeParts();
  const { firstLook } = createFirstLookActivities({ ...parts, describeInstanceAddress: async () => ({ kind: 'gone', state: 'terminated' }) });

  await expect(env.run(firstLook, request())).resolves.toMatchObject({ address: { kind: 'gone', state: 'terminated' } });
  expect(calls.compare).toBe(0);
});

test('a comparison that cannot run (bad settings) is reported as the check error', async () => {
  const { parts } = fakeParts();
  const { firstLook } = createFirstLookActivities({
    ...parts,
    compareContent: async () => {
      throw ApplicationFailure.nonRetryable('compareContent: hostHeader must be a host name', 'InvalidLaunchGateSettings');
    },
  });

  await expect(env.run(firstLook, request())).resolves.toMatchObject({ compareError: 'compareContent: hostHeader must be a host name' });
});
