import type { EcsRunResult, EcsShutdownInput } from '../common/ecs-plan';
import { dependentsOf } from './ecs-plan-graph';
import { ecsChangeActivities, runEcsPlan } from './ecs-run';
import { isServiceStopped } from './ecs-readiness';

/**
 * Stops a plan's ECS services in reverse dependency order: a service goes to 0 only after
 * every service depending on it has no task left. Each service's desired count is tagged
 * on the service first, so the next startup restores what was really running.
 */
export async function ecsShutdownWorkflow(input: EcsShutdownInput): Promise<EcsRunResult> {
  const plan = input?.plan;
  return runEcsPlan(plan, input?.waitForOtherRunSeconds, {
    action: 'shutdown',
    states: { inProgress: 'stopping', done: 'stopped', already: 'already-stopped' },
    waitsFor: (name) => dependentsOf(plan, name),

    alreadyThere(track, snapshot) {
      track.target = snapshot.desired;
      return isServiceStopped(snapshot);
    },

    async act(track, snapshot, ref) {
      // A service already at 0 keeps the count an earlier shutdown recorded.
      if (snapshot.desired > 0 && snapshot.arn) {
        await ecsChangeActivities.recordEcsDesiredCount(ref, snapshot.arn, snapshot.desired);
        track.recordedCount = snapshot.desired;
      }
      await ecsChangeActivities.setEcsDesiredCount(ref, track.plan.name, 0);
    },

    reached: (_track, snapshot) => isServiceStopped(snapshot),
    failure: () => undefined,
  });
}
