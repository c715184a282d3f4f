/**
 * Identifies one pending Auto Scaling lifecycle action: what every hook-driven
 * workflow must eventually complete (or knowingly leave to the hook's default result).
 */
export interface LifecycleActionRef {
  /** AWS region of the Auto Scaling group; the worker's default region when absent. */
  region?: string;
  autoScalingGroupName: string;
  lifecycleHookName: string;
  instanceId: string;
  lifecycleActionToken?: string;
}

export type LifecycleActionResult = 'CONTINUE' | 'ABANDON';

/** How a call about a lifecycle action ended, when it did not throw. */
export type LifecycleCallOutcome = 'done' | 'action-not-found';
