// Observe mode (issue 18): the ECS walks read the real services and decide as they would when
// acting, but send no UpdateService, TagResource or notification; they record each instead.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand } from '@aws-sdk/client-sns';
import { WorkflowFailedError } from '@temporalio/client';
import { Command } from 'commander';
import { LAST_DESIRED_COUNT_TAG, type EcsPlan, type EcsRunResult, type EcsServiceReport } from '../../common/ecs-plan';
import { OBSERVE_MEMO_KEY, isObserveMemo, type RunMode, type WouldHave } from '../../common/observe';
import { registerEcsCommands } from '../../starters/ecs/ecs-commands';
import { EcsPlanError, parseEcsPlan } from '../../starters/ecs/plan-file';
import { ecsShutdownWorkflow, ecsStartupWorkflow } from '../../workflows/ecs-workflows';
import { activitySummaries, recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { CLUSTER, ecsWorker, originalCluster, originalPlan, snsMock, svc } from './ecs-harness';

const server = useTimeSkippingEnv();

const OBSERVE_HISTORY = 'ecs-startup-observe';
const topic = { snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:myapp-dev-notice' };
const byService = (result: EcsRunResult) => new Map<string, EcsServiceReport>(result.services.map((s) => [s.service, s]));
const writesOf = (result: EcsRunResult, call: string) => (result.observed ?? []).filter((w: WouldHave) => w.call === call);
const running = { A: { running: 1 }, B: { running: 4 }, C: { running: 1 }, D: { running: 7 }, E: { running: 1 } };

/** The original plan listed backwards, so an order found in the result comes from the dependencies, not the file. */
function backwardsPlan(mode?: RunMode): EcsPlan {
  const plan = originalPlan({ notifications: topic, ...(mode ? { mode } : {}) });
  return { ...plan, services: [...plan.services].reverse() };
}

const writesToCluster = (cluster: ReturnType<typeof originalCluster>) => cluster.calls.filter((c) => c.command !== 'DescribeServices');

test('an observing startup changes nothing, and records each UpdateService in dependency order with its count', async () => {
  // Prepare
  const cluster = originalCluster();
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const { result, memo, summaries } = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(ecsStartupWorkflow, {
      taskQueue,
      workflowId: 'ecs-startup-observe',
      args: [{ plan: backwardsPlan('observe') }],
    });
    const result = await handle.result();
    await recordHistoryIfAsked(handle, OBSERVE_HISTORY);
    return { result, memo: (await handle.describe()).memo, summaries: await activitySummaries(handle) };
  });

  // Assess: the cluster saw reads only and still runs nothing
  expect(writesToCluster(cluster)).toEqual([]);
  for (const l of ['A', 'B', 'C', 'D', 'E']) expect(cluster.service(svc(l))).toMatchObject({ desired: 0, running: 0, pending: 0 });
  expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  expect(summaries.length).toBeGreaterThan(0);
  expect(summaries.every((s) => s.startsWith('DescribeServices'))).toBe(true);

  // ... and the result says what it would have done, A before B before C, D, E
  expect(result).toMatchObject({ mode: 'observe', outcome: 'succeeded' });
  const updates = writesOf(result, 'UpdateService');
  expect(updates.map((w) => [w.target, w.detail])).toEqual([
    [`${CLUSTER}/${svc('A')}`, 'desiredCount 0 → 1'],
    [`${CLUSTER}/${svc('B')}`, 'desiredCount 0 → 3'],
    [`${CLUSTER}/${svc('E')}`, 'desiredCount 0 → 1'],
    [`${CLUSTER}/${svc('D')}`, 'desiredCount 0 → 7'],
    [`${CLUSTER}/${svc('C')}`, 'desiredCount 0 → 1'],
  ]);
  const services = byService(result);
  for (const [letter, count] of [['A', 1], ['B', 3], ['C', 1], ['D', 7], ['E', 1]] as const) {
    expect(services.get(svc(letter))).toMatchObject({ outcome: 'would-start', desired: 0, targetCount: count, wouldHave: { desiredCount: count } });
  }
  // One Notify per service finished and one for the summary, none sent.
  expect(writesOf(result, 'Notify').map((w) => w.target)).toEqual(Array(6).fill(topic.snsTopicArn));
  expect(result.summary).toContain('5 would-start');

  // ... and its memo carries the same record while it runs, for `observe report`
  expect(memo?.mode).toBe('observe');
  const observeMemo = memo?.[OBSERVE_MEMO_KEY];
  expect(isObserveMemo(observeMemo)).toBe(true);
  expect(isObserveMemo(observeMemo) && observeMemo.wouldHave).toEqual(result.observed);
});

test('an observing startup leaves a service already at its count alone, as acting would', async () => {
  // Prepare: A already runs its one task; B has two of its three; C was set to 2 (plan: 1) and has no task yet.
  const cluster = originalCluster({ A: { running: 1 }, B: { running: 2 }, C: { desired: 2, running: 0 } });
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-observe-partly-up', args: [{ plan: originalPlan({ mode: 'observe' }) }] }),
  );

  // Assess
  expect(writesToCluster(cluster)).toEqual([]);
  expect(byService(result).get(svc('A'))).toMatchObject({ outcome: 'already-running' });
  expect(byService(result).get(svc('A'))).not.toHaveProperty('wouldHave');
  expect(writesOf(result, 'UpdateService').map((w) => w.detail)[0]).toBe('desiredCount 2 → 3');
  expect(byService(result).get(svc('B'))).toMatchObject({ outcome: 'would-start', desired: 2, wouldHave: { desiredCount: 3 } });
  // Acting would not lower C, only wait for it; observing, it neither writes nor waits.
  expect(writesOf(result, 'UpdateService').map((w) => w.target)).not.toContain(`${CLUSTER}/${svc('C')}`);
  expect(byService(result).get(svc('C'))).toMatchObject({ outcome: 'would-start', desired: 2, reason: expect.stringMatching(/no change needed/) });
  expect(byService(result).get(svc('C'))).not.toHaveProperty('wouldHave');
});

test('an observing shutdown records tag and stop per service, dependents first, and waits for nothing', async () => {
  // Prepare: everything runs; B was scaled to 4 by hand during the day.
  const cluster = originalCluster(running);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsShutdownWorkflow, { taskQueue, workflowId: 'ecs-shutdown-observe', args: [{ plan: originalPlan({ mode: 'observe' }) }] }),
  );

  // Assess: nothing stopped, nothing tagged
  expect(writesToCluster(cluster)).toEqual([]);
  for (const [l, spec] of Object.entries(running)) {
    expect(cluster.service(svc(l))).toMatchObject({ desired: spec.running, running: spec.running });
    expect(cluster.service(svc(l)).tags).not.toHaveProperty(LAST_DESIRED_COUNT_TAG);
  }

  // ... each would-have in the order acting would send it: C, D, E, then B, then A, tag before stop
  const writes = (result.observed ?? []).filter((w) => w.call !== 'Notify');
  const stopped = (l: string, count: number) => [
    ['TagResource', `${CLUSTER}/${svc(l)}`, `${LAST_DESIRED_COUNT_TAG}=${count}`],
    ['UpdateService', `${CLUSTER}/${svc(l)}`, `desiredCount ${count} → 0`],
  ];
  const tagsOf = (letters: string[]) => writes.filter((w) => letters.some((l) => w.target.endsWith(svc(l))));
  expect(tagsOf(['C', 'D', 'E'])).toHaveLength(6);
  expect(writes.slice(6).map((w) => [w.call, w.target, w.detail])).toEqual([...stopped('B', 4), ...stopped('A', 1)]);
  expect(writes.slice(0, 6).filter((w) => w.target.endsWith(svc('D'))).map((w) => [w.call, w.target, w.detail])).toEqual(stopped('D', 7));
  expect(byService(result).get(svc('B'))).toMatchObject({ outcome: 'would-stop', desired: 4, running: 4, wouldHave: { recordedDesiredCount: 4, desiredCount: 0 } });
  expect(byService(result).get(svc('B'))).not.toHaveProperty('recordedDesiredCount');
  // Acting, each level takes the fake's 15 s to stop; observing, no level is waited for.
  expect(Date.parse(result.finishedAt) - Date.parse(result.startedAt)).toBeLessThan(15_000);
});

test('an acting run (default or mode: act) still changes the cluster and its result has no mode or observed', async () => {
  // Prepare
  const cluster = originalCluster(running);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const { byDefault, explicit } = await worker.runUntil(async () => ({
    byDefault: await server.env.client.workflow.execute(ecsShutdownWorkflow, { taskQueue, workflowId: 'ecs-shutdown-act', args: [{ plan: originalPlan({ notifications: topic }) }] }),
    explicit: await server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-act', args: [{ plan: originalPlan({ mode: 'act' }) }] }),
  }));

  // Assess
  for (const result of [byDefault, explicit]) {
    expect(result.outcome).toBe('succeeded');
    expect(result).not.toHaveProperty('mode');
    expect(result).not.toHaveProperty('observed');
    for (const service of result.services) expect(service).not.toHaveProperty('wouldHave');
  }
  expect(cluster.updates().filter((c) => c.desiredCount === 0)).toHaveLength(5);
  expect(cluster.service(svc('B'))).toMatchObject({ running: 4, tags: { [LAST_DESIRED_COUNT_TAG]: '4' } });
  expect(snsMock.commandCalls(PublishCommand).length).toBeGreaterThan(0);
});

test('a plan started by hand with a mistyped mode fails naming the field, before any AWS call', async () => {
  // Prepare
  const cluster = originalCluster();
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);
  const mistyped = { ...originalPlan(), mode: 'observ' } as unknown as EcsPlan;

  // Act
  const err = await worker
    .runUntil(server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-bad-mode', args: [{ plan: mistyped }] }))
    .catch((e: unknown) => e);

  // Assess
  expect(err).toBeInstanceOf(WorkflowFailedError);
  expect((err as WorkflowFailedError).cause).toMatchObject({ type: 'InvalidEcsPlan', message: expect.stringContaining('mode must be "act" or "observe"') });
  expect(cluster.calls).toHaveLength(0);
});

test('a plan file takes mode: observe, and rejects any other mode naming the field', () => {
  // Prepare
  const planText = (mode: string) => `cluster: c1\nmode: ${mode}\nservices: [{ name: a, desiredCount: 1 }]\n`;

  // Act
  const observed = parseEcsPlan(planText('observe'), 'plan.yaml').plan;
  const unset = parseEcsPlan('cluster: c1\nservices: [{ name: a, desiredCount: 1 }]\n', 'plan.yaml').plan;
  const bogus = (() => {
    try {
      parseEcsPlan(planText('bogus'), 'plan.yaml');
    } catch (err) {
      return err;
    }
    return undefined;
  })();

  // Assess
  expect(observed.mode).toBe('observe');
  expect(unset).not.toHaveProperty('mode');
  expect(bogus).toBeInstanceOf(EcsPlanError);
  expect((bogus as Error).message).toBe('plan.yaml: invalid ECS plan: mode: expected "act" or "observe" (observe reads and decides but changes nothing)');
});

test('ecs start --observe runs the plan file in observe mode, with mode: observe in its memo from the start', async () => {
  // Prepare: an acting plan file; the flag alone makes the run observe.
  const cluster = originalCluster();
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);
  const file = join(mkdtempSync(join(tmpdir(), 'ecs-observe-')), 'plan.yaml');
  writeFileSync(file, `name: myapp-dev\ncluster: ${CLUSTER}\nservices:\n  - { name: ${svc('A')}, desiredCount: 1 }\n`);
  const printed: unknown[] = [];
  const program = new Command('fleet-workflows').exitOverride();
  registerEcsCommands(program, { client: async () => server.env.client, temporalConfig: () => ({ taskQueue }), print: (value) => printed.push(value) });

  // Act
  await worker.runUntil(program.parseAsync(['ecs', 'start', '--plan', file, '--observe', '--run-key', 'observe-flag', '--wait'], { from: 'user' }));

  // Assess
  const result = printed[0] as EcsRunResult & { workflowId: string };
  expect(result).toMatchObject({ mode: 'observe', outcome: 'succeeded' });
  expect(writesOf(result, 'UpdateService').map((w) => w.detail)).toEqual(['desiredCount 0 → 1']);
  expect(writesToCluster(cluster)).toEqual([]);
  const history = await server.env.client.workflow.getHandle(result.workflowId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  expect(Object.keys(started?.memo?.fields ?? {})).toContain('mode');
});

test(`the recorded ${OBSERVE_HISTORY} history replays against the current workflow code, and is an observing run`, async () => {
  // Act
  await replayRecordedHistory(OBSERVE_HISTORY);

  // Assess: the replay was of a run that decided five starts and sent none
  const history = readFileSync(join(__dirname, '..', 'histories', `${OBSERVE_HISTORY}.json`), 'utf8');
  expect(history).not.toMatch(/"name":\s*"setEcsDesiredCount"/);
  expect(history).toContain('ecsPlanLockWorkflow');
  expect(history.match(/describeEcsServices/g)?.length).toBeGreaterThan(0);
});
