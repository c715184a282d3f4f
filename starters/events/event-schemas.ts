import { z } from 'zod';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';

/**
 * The event shapes AWS documents, as far as routing depends on them. Only the fields a
 * workflow needs are required; everything else AWS adds passes through untouched.
 */

export const LAUNCH_DETAIL_TYPE = 'EC2 Instance-launch Lifecycle Action';
export const TERMINATE_DETAIL_TYPE = 'EC2 Instance-terminate Lifecycle Action';
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
export const LAUNCHING = 'autoscaling:EC2_INSTANCE_LAUNCHING';
export const TERMINATING = 'autoscaling:EC2_INSTANCE_TERMINATING';
export const TEST_NOTIFICATION = 'autoscaling:TEST_NOTIFICATION';

const instanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, { message: 'expected an EC2 instance id such as i-0123456789abcdef0' });
const imageId = z.string().regex(/^ami-[0-9a-f]{8,17}$/, { message: 'expected an AMI id such as ami-0123456789abcdef0' });
const place = z.enum(['EC2', 'WarmPool', 'AutoScalingGroup']);
const nonEmpty = z.string().min(1);
// AWS's own limits: anything longer never came from AWS and must not reach a workflow input.
const awsName = nonEmpty.max(255, { message: 'longer than the 255 characters AWS allows' });
/**
 * Auto Scaling's API fixes a lifecycle action token at exactly 36 characters. Its content is
 * not checked: AWS's documented examples end in `EXAMPLE`, so only the length tells a token
 * that cannot be real.
 */
export const LIFECYCLE_ACTION_TOKEN_LENGTH = 36;
const actionToken = z.string().length(LIFECYCLE_ACTION_TOKEN_LENGTH, {
  message: `a lifecycle action token is exactly ${LIFECYCLE_ACTION_TOKEN_LENGTH} characters`,
});

/** Fields shared by the EventBridge detail and the SQS notification body. */
const lifecycleActionFields = {
  LifecycleActionToken: actionToken,
  AutoScalingGroupName: awsName,
  LifecycleHookName: awsName,
  EC2InstanceId: instanceId,
  LifecycleTransition: z.enum([LAUNCHING, TERMINATING]),
  NotificationMetadata: z.string().max(1023, { message: 'longer than the 1023 characters AWS allows' }).optional(),
  Origin: place.optional(),
  Destination: place.optional(),
};

export const lifecycleEventSchema = EventBridgeSchema.extend({
  source: z.literal('aws.autoscaling'),
  'detail-type': z.enum([LAUNCH_DETAIL_TYPE, TERMINATE_DETAIL_TYPE]),
  detail: z.looseObject(lifecycleActionFields),
});

/** What a lifecycle hook whose notification target is an SQS queue puts in the message body. */
export const lifecycleNotificationSchema = z.looseObject({
  ...lifecycleActionFields,
  Service: z.literal('AWS Auto Scaling'),
  AccountId: z.string().optional(),
  RequestId: nonEmpty,
  Time: z.iso.datetime({ offset: true }),
});

/** Sent once when a hook's notification target is set; nothing to do but acknowledge it. */
export const testNotificationSchema = z.looseObject({
  Event: z.literal(TEST_NOTIFICATION),
  Service: z.literal('AWS Auto Scaling'),
  RequestId: z.string().optional(),
  AutoScalingGroupName: awsName.optional(),
});

/**
 * What SNS puts in an SQS message when a hook notifies a topic and the queue subscribes
 * without raw message delivery: the notification is the `Message` string.
 */
export const snsEnvelopeSchema = z.looseObject({
  Type: z.literal('Notification'),
  MessageId: nonEmpty,
  TopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, {
    message: 'expected an SNS topic ARN',
  }),
  Message: z.string(),
});

/** One record of an SQS batch as Lambda's event source mapping delivers it. */
export const sqsRecordSchema = z.looseObject({
  messageId: nonEmpty,
  eventSource: z.literal('aws:sqs'),
  body: z.string(),
  awsRegion: nonEmpty,
});

const cloudTrailDetailBase = {
  eventID: nonEmpty,
  eventTime: z.iso.datetime({ offset: true }),
  awsRegion: nonEmpty,
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
};

export const createImageEventSchema = EventBridgeSchema.extend({
  source: z.literal('aws.ec2'),
  'detail-type': z.literal(CLOUDTRAIL_DETAIL_TYPE),
  detail: z.looseObject({
    ...cloudTrailDetailBase,
    eventSource: z.literal('ec2.amazonaws.com'),
    eventName: z.literal('CreateImage'),
    requestParameters: z.looseObject({
      instanceId: instanceId.optional(),
      name: z.string().optional(),
      description: z.string().optional(),
    }),
    // A failed call has no responseElements; routing ignores it before reading imageId.
    responseElements: z.looseObject({ imageId }).nullable().optional(),
  }),
});

const tagSchema = z.looseObject({ key: nonEmpty, value: z.string() });

export const createAutoScalingGroupEventSchema = EventBridgeSchema.extend({
  source: z.literal('aws.autoscaling'),
  'detail-type': z.literal(CLOUDTRAIL_DETAIL_TYPE),
  detail: z.looseObject({
    ...cloudTrailDetailBase,
    eventSource: z.literal('autoscaling.amazonaws.com'),
    eventName: z.literal('CreateAutoScalingGroup'),
    requestParameters: z.looseObject({
      autoScalingGroupName: nonEmpty,
      tags: z.array(tagSchema).optional(),
    }),
  }),
});

export type LifecycleEvent = z.infer<typeof lifecycleEventSchema>;
export type LifecycleNotification = z.infer<typeof lifecycleNotificationSchema>;
export type CreateImageEvent = z.infer<typeof createImageEventSchema>;
export type CreateAutoScalingGroupEvent = z.infer<typeof createAutoScalingGroupEventSchema>;
