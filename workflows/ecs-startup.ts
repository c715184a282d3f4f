import type { EcsRunResult, EcsStartupInput } from '../common/ecs-plan';
import { ecsChangeActivities, runEcsPlan } from './ecs-run';
import { isServiceReady } from './ecs-readiness';

/**
 * Starts a plan's ECS services in dependency order with maximal parallelism: each service
 * gets its desired count as soon as everything it depends on is ready. A failed service
 * skips its dependents only; independent branches go on.
 */
export async function ecsStartupWorkflow(input: EcsStartupInput): Promise<EcsRunResult> {
  const plan = input?.plan;
  const restore = input?.restoreRecordedCounts ?? true;
  return runEcsPlan(plan, input?.waitForOtherRunSeconds, {
    action: 'startup',
    states: { inProgress: 'starting', done: 'ready', already: 'already-running', observed: 'would-start' },
    waitsFor: (name) => plan.services.find((s) => s.name === name)?.dependsOn ?? [],

    alreadyThere(track, snapshot) {
      // What the last shutdown recorded is what really ran; the plan's count is the fallback.
      const recorded = snapshot.recordedDesiredCount;
      if (restore && recorded !== undefined && recorded > 0) {
        track.target = recorded;
        track.desiredSource = 'recorded';
      } else {
        track.target = track.plan.desiredCount;
        track.desiredSource = 'plan';
      }
      return snapshot.desired >= track.target && isServiceReady(plan.readiness, snapshot);
    },

    async act(track, snapshot, ref, writes) {
      // Never scale a service down on startup; a higher count set by someone else stays.
      if (snapshot.desired < track.target) {
        if (writes.observing) track.wouldHave = { desiredCount: track.target };
        await writes.write(
          { call: 'UpdateService', target: `${ref.cluster}/${track.plan.name}`, detail: `desiredCount ${snapshot.desired} → ${track.target}` },
          () => ecsChangeActivities.setEcsDesiredCount(ref, track.plan.name, track.target),
          undefined,
        );
      }
    },

    reached: (track, snapshot) => snapshot.desired >= track.target && isServiceReady(plan.readiness, snapshot),

    failure(track, snapshot) {
      if (snapshot.failedDeploymentReason) {
        return `deployment circuit breaker rolled back: ${snapshot.failedDeploymentReason}`;
      }
      const failed = snapshot.primaryFailedTasks - track.baselineFailed;
      if (failed >= plan.maxFailedTasks) {
        const event = snapshot.newestEvent ? `; newest event: ${snapshot.newestEvent.message}` : '';
        return `${failed} tasks failed to start${event}`;
      }
      return undefined;
    },
  });
}
