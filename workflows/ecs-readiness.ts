import type { EcsServiceSnapshot } from '../activities/ecs/ecs-service-activities';
import type { EcsReadinessRule } from '../common/ecs-plan';

/**
 * The plan's readiness rule against one DescribeServices snapshot. ECS reports no
 * rolloutState for some deployment types; a single deployment then counts as completed.
 */
export function isServiceReady(rule: EcsReadinessRule, snapshot: EcsServiceSnapshot): boolean {
  const minRunning = rule.minRunning === 'desired' ? snapshot.desired : Math.min(rule.minRunning, snapshot.desired);
  if (snapshot.running < minRunning) return false;
  if (rule.noPendingTasks && snapshot.pending > 0) return false;
  if (rule.deploymentCompleted) {
    const completed =
      snapshot.primaryRolloutState === 'COMPLETED' ||
      (snapshot.primaryRolloutState === undefined && snapshot.deploymentCount <= 1);
    if (!completed) return false;
  }
  return true;
}

export function isServiceStopped(snapshot: EcsServiceSnapshot): boolean {
  return snapshot.desired === 0 && snapshot.running === 0 && snapshot.pending === 0;
}
