import { upsertMemo } from '@temporalio/workflow';
import type { EcsServiceRef, EcsServiceSnapshot } from '../activities/ecs/ecs-service-activities';
import type { EcsPlan, EcsRunResult, EcsServicePlan, EcsServiceReport, EcsServiceState, EcsServiceWouldHave } from '../common/ecs-plan';
import type { Notification, NotificationOutcome, NotificationReport } from '../common/notifications';
import type { ObservedWrites } from './observe';

// What an ECS walk reports: each service's track, the run's result and its notifications,
// apart from the walk itself (workflows/ecs-run.ts) so each file keeps one job.

export interface ServiceTrack {
  plan: EcsServicePlan;
  state: EcsServiceState;
  since: number;
  actedAt?: number;
  reason?: string;
  /** Startup: the count to restore; shutdown: the count found (recorded before stopping). */
  target: number;
  desiredSource?: 'recorded' | 'plan';
  /** Primary deployment failedTasks when we acted, so older failures are not counted. */
  baselineFailed: number;
  /** Shutdown: the count written to the service tag before stopping it. */
  recordedCount?: number;
  /** Observe mode: what would have been written instead. */
  wouldHave?: EcsServiceWouldHave;
  last?: EcsServiceSnapshot;
}

export interface EcsWalk {
  action: 'startup' | 'shutdown';
  /** Services that must reach their goal before this one is acted on. */
  waitsFor(service: string): string[];
  /** After the first look: true leaves the service alone (already at its goal). */
  alreadyThere(track: ServiceTrack, snapshot: EcsServiceSnapshot): boolean;
  /** Makes the change through `writes`, so an observing run records it instead. */
  act(track: ServiceTrack, snapshot: EcsServiceSnapshot, ref: EcsServiceRef, writes: ObservedWrites): Promise<void>;
  reached(track: ServiceTrack, snapshot: EcsServiceSnapshot): boolean;
  failure(track: ServiceTrack, snapshot: EcsServiceSnapshot): string | undefined;
  /** `observed`: where an observing run leaves a service it decided on, since nothing changed to wait for. */
  states: { inProgress: EcsServiceState; done: EcsServiceState; already: EcsServiceState; observed: EcsServiceState };
}

export function counts(track: ServiceTrack) {
  const s = track.last;
  return {
    desired: s?.desired ?? 0,
    running: s?.running ?? 0,
    pending: s?.pending ?? 0,
    failedTasks: s ? Math.max(0, s.primaryFailedTasks - track.baselineFailed) : 0,
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();

function report(track: ServiceTrack, walk: EcsWalk): EcsServiceReport {
  return {
    service: track.plan.name,
    outcome: track.state,
    ...(track.reason ? { reason: track.reason } : {}),
    ...(track.desiredSource ? { desiredSource: track.desiredSource } : {}),
    targetCount: walk.action === 'startup' ? track.target : 0,
    ...(track.recordedCount !== undefined ? { recordedDesiredCount: track.recordedCount } : {}),
    ...counts(track),
    ...(track.last?.newestEvent ? { newestEvent: track.last.newestEvent } : {}),
    ...(track.actedAt !== undefined ? { secondsTaken: Math.round((track.since - track.actedAt) / 1000) } : {}),
    ...(track.wouldHave ? { wouldHave: track.wouldHave } : {}),
  };
}

export function summarize(plan: EcsPlan, walk: EcsWalk, tracks: Map<string, ServiceTrack>, timedOut: boolean) {
  const all = [...tracks.values()];
  const good = all.filter((t) => t.state === walk.states.done || t.state === walk.states.already || t.state === walk.states.observed);
  const bad = all.filter((t) => !good.includes(t));
  const outcome: EcsRunResult['outcome'] = bad.length === 0 ? 'succeeded' : good.length === 0 ? 'failed' : 'partial';
  const byState = (state: EcsServiceState) => all.filter((t) => t.state === state).map((t) => t.plan.name);
  const parts = [walk.states.done, walk.states.already, walk.states.observed, 'failed' as const, 'skipped' as const]
    .map((state) => ({ state, names: byState(state) }))
    .filter((p) => p.names.length > 0)
    .map((p) => `${p.names.length} ${p.state} (${p.names.join(', ')})`);
  const summary = `${walk.action} of ${plan.name} in ${plan.cluster}: ${outcome}${timedOut ? ` (overall timeout ${plan.overallTimeoutSeconds} s)` : ''}; ${parts.join(', ')}`;
  return { outcome, summary };
}

export function finish(
  plan: EcsPlan,
  walk: EcsWalk,
  tracks: Map<string, ServiceTrack>,
  outcome: EcsRunResult['outcome'],
  summary: string,
  timedOut: boolean,
  startedAt: number,
  notificationReports: NotificationReport[],
  writes: ObservedWrites,
): EcsRunResult {
  upsertMemo({ outcome, summary });
  const attempted = notificationReports.flatMap((r) => [r.slack, r.sns]).filter((x) => x !== undefined);
  return {
    plan: plan.name,
    cluster: plan.cluster,
    action: walk.action,
    outcome,
    summary,
    timedOut,
    services: [...tracks.values()].map((t) => report(t, walk)),
    startedAt: iso(startedAt),
    finishedAt: iso(Date.now()),
    notifications: {
      sent: attempted.filter((x) => x === 'sent').length,
      failed: attempted.filter((x) => x === 'failed').length,
      errors: notificationReports.flatMap((r) => (r.error ? [r.error] : [])),
    },
    ...writes.resultFields(),
  };
}

const outcomeColour = (state: EcsServiceState): NotificationOutcome =>
  state === 'failed' ? 'failure' : state === 'skipped' ? 'warning' : 'success';

export function serviceNotification(plan: EcsPlan, walk: EcsWalk, track: ServiceTrack): Notification {
  const c = counts(track);
  return {
    title: `ECS ${walk.action} ${plan.name}: ${track.plan.name} ${track.state}`,
    outcome: outcomeColour(track.state),
    fields: {
      service: track.plan.name,
      outcome: track.reason ? `${track.state}: ${track.reason}` : track.state,
      desired: c.desired,
      running: c.running,
      pending: c.pending,
      'failed tasks': c.failedTasks,
      'newest event at': track.last?.newestEvent?.at,
      'newest event': track.last?.newestEvent?.message,
    },
  };
}

export function summaryNotification(
  plan: EcsPlan,
  walk: EcsWalk,
  tracks: Map<string, ServiceTrack>,
  outcome: EcsRunResult['outcome'],
  summary: string,
): Notification {
  const lines = [...tracks.values()].map((t) => {
    const c = counts(t);
    return `• ${t.plan.name}: ${t.state}${t.reason ? ` (${t.reason})` : ''} — desired ${c.desired}, running ${c.running}, pending ${c.pending}`;
  });
  return {
    title: `ECS ${walk.action} ${plan.name}: ${outcome}`,
    outcome: outcome === 'succeeded' ? 'success' : outcome === 'partial' ? 'warning' : 'failure',
    fields: { cluster: plan.cluster, outcome, services: tracks.size },
    text: `${summary}\n${lines.join('\n')}`,
  };
}
