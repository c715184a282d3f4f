/**
 * The EventBridge events AWS emits for what the simulator does, in the shapes AWS documents:
 * Auto Scaling lifecycle actions, and CloudTrail "AWS API Call via CloudTrail" records for
 * CreateImage and CreateAutoScalingGroup.
 */
export interface EventBridgeEvent<D = object> {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: D;
}

export interface LifecycleActionDetail {
  LifecycleActionToken: string;
  AutoScalingGroupName: string;
  LifecycleHookName: string;
  EC2InstanceId: string;
  LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING' | 'autoscaling:EC2_INSTANCE_TERMINATING';
  NotificationMetadata?: string;
  Origin: string;
  Destination: string;
}

export interface EventContext {
  id: string;
  account: string;
  region: string;
  time: Date;
}

const second = (time: Date) => time.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function lifecycleActionEvent(ctx: EventContext, asgArn: string, detail: LifecycleActionDetail): EventBridgeEvent<LifecycleActionDetail> {
  const launching = detail.LifecycleTransition === 'autoscaling:EC2_INSTANCE_LAUNCHING';
  return {
    version: '0',
    id: ctx.id,
    'detail-type': launching ? 'EC2 Instance-launch Lifecycle Action' : 'EC2 Instance-terminate Lifecycle Action',
    source: 'aws.autoscaling',
    account: ctx.account,
    time: second(ctx.time),
    region: ctx.region,
    resources: [asgArn],
    detail,
  };
}

export interface CloudTrailDetail {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: 'AwsApiCall';
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: 'Management';
}

export function cloudTrailEvent(
  ctx: EventContext,
  call: {
    service: 'ec2' | 'autoscaling';
    eventName: string;
    requestId: string;
    requestParameters: Record<string, unknown> | null;
    responseElements: Record<string, unknown> | null;
    userAgent?: string;
  },
): EventBridgeEvent<CloudTrailDetail> {
  return {
    version: '0',
    id: ctx.id,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${call.service}`,
    account: ctx.account,
    time: second(ctx.time),
    region: ctx.region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROASIMULATOR:fleet-simulator',
        arn: `arn:aws:sts::${ctx.account}:assumed-role/fleet-simulator/fleet-simulator`,
        accountId: ctx.account,
      },
      eventTime: second(ctx.time),
      eventSource: `${call.service}.amazonaws.com`,
      eventName: call.eventName,
      awsRegion: ctx.region,
      sourceIPAddress: '127.0.0.1',
      userAgent: call.userAgent ?? 'fleet-simulator',
      requestParameters: call.requestParameters,
      responseElements: call.responseElements,
      requestID: call.requestId,
      eventID: ctx.id,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ctx.account,
      eventCategory: 'Management',
    },
  };
}
