import type { WouldHave } from '../../common/observe';

/** One run that started in observe mode, as read from Temporal: what it would have done, and where. */
export interface ObservedRun {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** Temporal's status name: RUNNING, COMPLETED, FAILED, TIMED_OUT… */
  status: string;
  startTime: string;
  closeTime?: string;
  /** The fleet from the start memo; ECS runs have a plan instead. */
  fleet?: string;
  plan?: string;
  /** The run's AWS region from its input; undefined means the default region. */
  region?: string;
  autoScalingGroupName?: string;
  instanceId?: string;
  imageId?: string;
  cluster?: string;
  /** The result's launch template, when the run got as far as finding it (golden image). */
  launchTemplateId?: string;
  /** Every write it would have sent, in order: the result's list when completed, else the memo's. */
  wouldHave: WouldHave[];
  /** The result's outcome, when completed. */
  outcome?: string;
}
