/**
 * Workflow ids come from each event's business key, so a redelivered event (EventBridge
 * is at-least-once; the same lifecycle action may also arrive through SQS) maps to the
 * id of the run it already started, while a genuinely new event gets a new id.
 * The lifecycle action token is unique per lifecycle action and carried by both
 * transports, so it tells a new launch of the same instance (warm pool → group) apart.
 */
export const workflowIds = {
  launchGate: (instanceId: string, lifecycleActionToken: string) => `launch-gate/${instanceId}/${lifecycleActionToken}`,
  terminate: (instanceId: string, lifecycleActionToken: string) => `terminate/${instanceId}/${lifecycleActionToken}`,
  fleet: (fleetName: string) => `fleet/${fleetName}`,
  goldenImage: (region: string, imageId: string) => `golden-image/${region}/${imageId}`,
  /** CloudTrail's eventID: an ASG deleted and created again under the same name is pinned again. */
  pinLatest: (region: string, autoScalingGroupName: string, cloudTrailEventId: string) =>
    `pin-latest/${region}/${autoScalingGroupName}/${cloudTrailEventId}`,
  ecsStartup: (planName: string, runKey: string) => `ecs-startup/${planName}/${runKey}`,
  ecsShutdown: (planName: string, runKey: string) => `ecs-shutdown/${planName}/${runKey}`,
};
