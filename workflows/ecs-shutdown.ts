import { LAST_DESIRED_COUNT_TAG, type EcsRunResult, type EcsShutdownInput } from '../common/ecs-plan';
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
    states: { inProgress: 'stopping', done: 'stopped', already: 'already-stopped', observed: 'would-stop' },
    waitsFor: (name) => dependentsOf(plan, name),

    alreadyThere(track, snapshot) {
      track.target = snapshot.desired;
      return isServiceStopped(snapshot);
    },

    async act(track, snapshot, ref, writes) {
      const target = `${ref.cluster}/${track.plan.name}`;
      // A service already at 0 keeps the count an earlier shutdown recorded.
      if (snapshot.desired > 0 && snapshot.arn) {
        const arn = snapshot.arn;
        await writes.write(
          { call: 'TagResource', target, detail: `${LAST_DESIRED_COUNT_TAG}=${snapshot.desired}` },
          () => ecsChangeActivities.recordEcsDesiredCount(ref, arn, snapshot.desired),
          undefined,
        );
        if (writes.observing) track.wouldHave = { recordedDesiredCount: snapshot.desired };
        else track.recordedCount = snapshot.desired;
      }
      await writes.write(
        { call: 'UpdateService', target, detail: `desiredCount ${snapshot.desired} → 0` },
        () => ecsChangeActivities.setEcsDesiredCount(ref, track.plan.name, 0),
        undefined,
      );
      if (writes.observing) track.wouldHave = { ...track.wouldHave, desiredCount: 0 };
    },

    reached: (_track, snapshot) => isServiceStopped(snapshot),
    failure: () => undefined,
  });
}
