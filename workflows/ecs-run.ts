// The walk both ECS workflows share: act on a service once every service it waits for has
// reached its goal, poll the services in progress with batched DescribeServices on a
// durable timer, and stop the walk at the overall deadline with a partial result.
import {
  ApplicationFailure,
  defineQuery,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { EcsActivities, EcsServiceRef, EcsServiceSnapshot } from '../activities/ecs/ecs-service-activities';
import {
  DESCRIBE_SERVICES_BATCH,
  ECS_PLAN_DEFAULTS,
  ECS_PROGRESS_QUERY,
  ECS_QUERIES,
  type EcsPlan,
  type EcsProgress,
  type EcsRunPhase,
  type EcsRunResult,
  type EcsServiceState,
} from '../common/ecs-plan';
import type { Notification, NotificationReport } from '../common/notifications';
import { withSummaries } from './activity-summaries';
import { findEcsPlanProblems } from './ecs-plan-graph';
import { acquireEcsPlanLock, releaseEcsPlanLock } from './ecs-plan-lock';
import { failureMessage, isPermanent } from './failures';
import { countOutcome } from './metrics';
import { notifyOrRecord } from './notify';
import { ObservedWrites } from './observe';
import { counts, finish, iso, serviceNotification, summarize, summaryNotification, type EcsWalk, type ServiceTrack } from './ecs-run-result';

/** `progress` is the name every workflow answers; `ecsProgress` keeps working for existing clients. */
export const ecsProgressQuery = defineQuery<EcsProgress>(ECS_QUERIES.progress);
export const legacyEcsProgressQuery = defineQuery<EcsProgress>(ECS_PROGRESS_QUERY);

const DEFAULT_WAIT_FOR_OTHER_RUN_SECONDS = ECS_PLAN_DEFAULTS.waitForOtherRunSeconds;
/**
 * After a change the first poll comes this soon, and the wait doubles up to the plan's poll
 * interval: a service that is ready in seconds is seen in seconds, so each link of a dependency
 * chain no longer costs a whole interval. Runs started before this polled at the interval only.
 */
const FIRST_POLL_MS = 2_000;
const QUICK_POLLS_PATCH = 'ecs-quick-readiness-polls';

// Each summary names the AWS call, so the Web UI's timeline reads without opening any input.
const { describeEcsServices } = withSummaries(
  proxyActivities<EcsActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 4 },
  }),
  { describeEcsServices: (ref, services) => `DescribeServices ${ref.cluster}: ${services.join(', ')}` },
);

// The original retried UpdateService twice, 10 s apart.
const { setEcsDesiredCount, recordEcsDesiredCount } = withSummaries(
  proxyActivities<EcsActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '10 seconds', backoffCoefficient: 1, maximumAttempts: 3 },
  }),
  {
    setEcsDesiredCount: (ref, service, desiredCount) => `UpdateService ${ref.cluster}/${service} desiredCount=${desiredCount}`,
    recordEcsDesiredCount: (_ref, serviceArn, desiredCount) => `TagResource ${serviceArn.split('/').pop() ?? serviceArn} last-desired-count=${desiredCount}`,
  },
);

const FINISHED: EcsServiceState[] = ['ready', 'already-running', 'stopped', 'already-stopped', 'failed', 'skipped', 'would-start', 'would-stop'];
const BLOCKING: EcsServiceState[] = ['failed', 'skipped'];

/** The changing activities, for the startup and shutdown walks. */
export const ecsChangeActivities = { setEcsDesiredCount, recordEcsDesiredCount };

/** Validates, takes the plan's lock, walks the graph, notifies, and says what happened. */
export async function runEcsPlan(
  plan: EcsPlan,
  waitForOtherRunSeconds: number | undefined,
  walk: EcsWalk,
): Promise<EcsRunResult> {
  let phase: EcsRunPhase = 'validating';
  const tracks = new Map<string, ServiceTrack>();
  const answerProgress = (): EcsProgress => ({
    plan: plan?.name ?? '',
    phase,
    services: [...tracks.values()].map((t) => ({
      service: t.plan.name,
      state: t.state,
      ...counts(t),
      since: iso(t.since),
      secondsInState: Math.round((Date.now() - t.since) / 1000),
      ...(t.reason ? { reason: t.reason } : {}),
    })),
  });
  setHandler(ecsProgressQuery, answerProgress);
  setHandler(legacyEcsProgressQuery, answerProgress);

  // Bad input fails here, naming the field or the cycle, before any AWS call.
  const problems = findEcsPlanProblems(plan);
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(`invalid ECS plan: ${problems.map((p) => p.message).join('; ')}`, 'InvalidEcsPlan');
  }
  const writes = new ObservedWrites(plan.mode);
  const send = (notification: Notification) => notifyOrRecord(plan.notifications, notification, writes);
  upsertMemo({ plan: plan.name, cluster: plan.cluster, action: walk.action, ...(writes.observing ? { mode: writes.mode } : {}) });

  const startedAt = Date.now();
  for (const service of plan.services) {
    tracks.set(service.name, { plan: service, state: 'waiting', since: startedAt, target: service.desiredCount, baselineFailed: 0 });
  }

  const lock = await acquireEcsPlanLock(
    plan.name,
    `${walk.action}/${workflowInfo().workflowId}`,
    waitForOtherRunSeconds ?? DEFAULT_WAIT_FOR_OTHER_RUN_SECONDS,
    plan.pollIntervalSeconds,
    () => {
      phase = 'waiting-for-other-run';
    },
  );
  if (!lock) {
    phase = 'done';
    const summary = `${walk.action} of ${plan.name} not run: another start or stop of this plan was still in progress after ${waitForOtherRunSeconds ?? DEFAULT_WAIT_FOR_OTHER_RUN_SECONDS} s`;
    const report = await send({ title: `ECS ${walk.action} ${plan.name}: not run`, outcome: 'warning', fields: { cluster: plan.cluster }, text: summary });
    return finish(plan, walk, tracks, 'not-run', summary, false, startedAt, [report], writes);
  }

  const reports: Promise<NotificationReport>[] = [];
  let timedOut = false;
  try {
    phase = 'running';
    timedOut = await walkGraph(plan, walk, tracks, writes, (track) => reports.push(send(serviceNotification(plan, walk, track))));
  } finally {
    await releaseEcsPlanLock(lock);
  }

  phase = 'notifying';
  const serviceReports = await Promise.all(reports);
  const { outcome, summary } = summarize(plan, walk, tracks, timedOut);
  const finalReport = await send(summaryNotification(plan, walk, tracks, outcome, summary));
  phase = 'done';
  return finish(plan, walk, tracks, outcome, summary, timedOut, startedAt, [...serviceReports, finalReport], writes);
}

async function walkGraph(
  plan: EcsPlan,
  walk: EcsWalk,
  tracks: Map<string, ServiceTrack>,
  writes: ObservedWrites,
  onFinished: (track: ServiceTrack) => void,
): Promise<boolean> {
  const ref: EcsServiceRef = { region: plan.region, cluster: plan.cluster };
  const deadline = Date.now() + plan.overallTimeoutSeconds * 1000;
  const all = [...tracks.values()];
  const pollIntervalMs = plan.pollIntervalSeconds * 1000;
  const quickPolls = patched(QUICK_POLLS_PATCH);
  let pollWaitMs = pollIntervalMs;

  const enter = (track: ServiceTrack, state: EcsServiceState, reason?: string) => {
    track.state = state;
    track.since = Date.now();
    track.reason = reason;
    if (FINISHED.includes(state)) {
      // An observing run started or stopped nothing; its writes are counted by ObservedWrites.
      if (!writes.observing) {
        countOutcome({
          action: 'ecs_service',
          outcome: state === 'failed' ? 'failed' : state === 'skipped' ? 'skipped' : walk.action === 'startup' ? 'started' : 'stopped',
        });
      }
      log.info('ECS service finished', { service: track.plan.name, state, reason });
      onFinished(track);
    }
  };

  const look = async (names: string[]): Promise<Map<string, EcsServiceSnapshot | { error: string; permanent: boolean }>> => {
    const batches: string[][] = [];
    for (let i = 0; i < names.length; i += DESCRIBE_SERVICES_BATCH) batches.push(names.slice(i, i + DESCRIBE_SERVICES_BATCH));
    const seen = new Map<string, EcsServiceSnapshot | { error: string; permanent: boolean }>();
    await Promise.all(
      batches.map(async (batch) => {
        try {
          for (const snapshot of await describeEcsServices(ref, batch)) seen.set(snapshot.service, snapshot);
        } catch (err) {
          for (const name of batch) seen.set(name, { error: failureMessage(err), permanent: isPermanent(err) });
        }
      }),
    );
    return seen;
  };

  const unusable = (snapshot: EcsServiceSnapshot) =>
    snapshot.status === 'MISSING'
      ? `service not found in cluster ${plan.cluster}`
      : snapshot.status !== 'ACTIVE'
        ? `service is ${snapshot.status}`
        : undefined;

  // First look at every service: what is already at its goal is left alone.
  const first = await look(all.map((t) => t.plan.name));
  for (const track of all) {
    const seen = first.get(track.plan.name);
    if (!seen || 'error' in seen) {
      enter(track, 'failed', `DescribeServices failed: ${seen?.error ?? 'no answer'}`);
      continue;
    }
    track.last = seen;
    track.baselineFailed = seen.primaryFailedTasks;
    const bad = unusable(seen);
    if (bad) enter(track, 'failed', bad);
    else if (walk.alreadyThere(track, seen)) enter(track, walk.states.already);
  }

  const goalReached = (name: string) => {
    const state = tracks.get(name)?.state;
    return state === walk.states.done || state === walk.states.already || state === walk.states.observed;
  };

  for (;;) {
    // A blocked service is skipped at once, naming the service it waited for; skips cascade.
    for (let changed = true; changed; ) {
      changed = false;
      for (const track of all) {
        if (track.state !== 'waiting') continue;
        const blocker = walk.waitsFor(track.plan.name).find((name) => BLOCKING.includes(tracks.get(name)?.state ?? 'waiting'));
        if (blocker) {
          const verb = walk.action === 'startup' ? 'dependency' : 'dependent';
          enter(track, 'skipped', `${verb} ${blocker} ${tracks.get(blocker)?.state}`);
          changed = true;
        }
      }
    }

    const due = all.filter((t) => t.state === 'waiting' && walk.waitsFor(t.plan.name).every(goalReached));
    await Promise.all(
      due.map(async (track) => {
        const snapshot = track.last as EcsServiceSnapshot;
        try {
          await walk.act(track, snapshot, ref, writes);
          if (writes.observing) {
            enter(track, walk.states.observed, observedReason(track, snapshot));
            return;
          }
          track.actedAt = Date.now();
          track.baselineFailed = snapshot.primaryFailedTasks;
          enter(track, walk.states.inProgress);
        } catch (err) {
          enter(track, 'failed', failureMessage(err));
        }
      }),
    );
    if (quickPolls && due.some((t) => t.state === walk.states.inProgress)) pollWaitMs = Math.min(FIRST_POLL_MS, pollIntervalMs);
    if (due.some((t) => t.state === 'failed')) continue;
    // Nothing changed, so nothing to wait for: what depended on these is due at once.
    if (writes.observing && due.length > 0) continue;

    const active = all.filter((t) => t.state === walk.states.inProgress);
    if (active.length === 0 && !all.some((t) => t.state === 'waiting')) return false;

    if (Date.now() >= deadline) {
      for (const track of all) {
        if (track.state === walk.states.inProgress) {
          enter(track, 'failed', `overall timeout (${plan.overallTimeoutSeconds} s) reached before it was ${walk.states.done}`);
        } else if (track.state === 'waiting') {
          enter(track, 'skipped', `overall timeout (${plan.overallTimeoutSeconds} s) reached before it could be acted on`);
        }
      }
      return true;
    }

    await sleep(Math.min(pollWaitMs, deadline - Date.now()));
    pollWaitMs = Math.min(pollWaitMs * 2, pollIntervalMs);

    const seen = await look(active.map((t) => t.plan.name));
    for (const track of active) {
      const snapshot = seen.get(track.plan.name);
      if (snapshot && 'error' in snapshot) {
        // A transient error was retried already; only a permanent one decides, a timeout bounds the rest.
        if (snapshot.permanent) enter(track, 'failed', `DescribeServices failed: ${snapshot.error}`);
      } else if (snapshot) {
        track.last = snapshot;
        const why = unusable(snapshot) ?? walk.failure(track, snapshot);
        if (why) enter(track, 'failed', why);
        else if (walk.reached(track, snapshot)) enter(track, walk.states.done);
      }
      if (track.state === walk.states.inProgress) {
        const limit = track.plan.timeoutSeconds ?? plan.serviceTimeoutSeconds;
        if (Date.now() - (track.actedAt ?? 0) >= limit * 1000) {
          enter(track, 'failed', `not ${walk.states.done} within ${limit} s (running ${counts(track).running}, pending ${counts(track).pending})`);
        }
      }
    }
  }
}

function observedReason(track: ServiceTrack, snapshot: EcsServiceSnapshot): string {
  const count = track.wouldHave?.desiredCount;
  return count === undefined
    ? `observe mode: no change needed at desired ${snapshot.desired}; readiness not waited for`
    : `observe mode: would have set desiredCount ${snapshot.desired} → ${count}`;
}

