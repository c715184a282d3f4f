import type { z } from 'zod';
import type { LifecycleActionRef } from '../../common/lifecycle';
import type { LifecyclePlace } from '../../common/launch-gate';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  createAutoScalingGroupEventSchema,
  createImageEventSchema,
  LAUNCH_DETAIL_TYPE,
  LAUNCHING,
  lifecycleEventSchema,
  lifecycleNotificationSchema,
  TERMINATE_DETAIL_TYPE,
  TEST_NOTIFICATION,
  testNotificationSchema,
} from './event-schemas';

/** A known event type with a missing or wrong field: nothing may be started from it. */
export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
  constructor(
    readonly eventId: string,
    readonly field: string,
    detail: string,
  ) {
    super(`malformed event ${eventId}: ${field}: ${detail}`);
  }
}

export type Transport = 'eventbridge' | 'sqs';

export interface LifecycleActionEvent {
  kind: 'lifecycle-action';
  transition: 'launch' | 'terminate';
  transport: Transport;
  eventId: string;
  /** When the lifecycle action began, ISO 8601. */
  time: string;
  action: LifecycleActionRef;
  origin?: LifecyclePlace;
  destination?: LifecyclePlace;
}

export interface CreateImageCall {
  kind: 'create-image';
  eventId: string;
  cloudTrailEventId: string;
  time: string;
  region: string;
  imageId?: string;
  instanceId?: string;
  description?: string;
  errorCode?: string;
}

export interface CreateAutoScalingGroupCall {
  kind: 'create-auto-scaling-group';
  eventId: string;
  cloudTrailEventId: string;
  time: string;
  region: string;
  autoScalingGroupName: string;
  tags: Record<string, string>;
  errorCode?: string;
}

/** Acknowledged and logged, never retried: the hook's test message or a type we do not route. */
export interface NothingToDo {
  kind: 'test-notification' | 'unknown';
  eventId: string;
  description: string;
}

export type ParsedEvent = LifecycleActionEvent | CreateImageCall | CreateAutoScalingGroupCall | NothingToDo;

/** Where an SQS record came from, for events whose body does not say (lifecycle notifications). */
export interface SqsOrigin {
  messageId: string;
  awsRegion: string;
}

/**
 * Classifies one event, as delivered by EventBridge, as the body of an SQS message, or as a
 * whole SQS record (its body is unwrapped). Throws MalformedEventError for a known type
 * with bad fields; unknown shapes come back as `unknown`, never as an error.
 */
export function parseEvent(raw: unknown, sqs?: SqsOrigin): ParsedEvent {
  if (isRecord(raw) && raw.eventSource === 'aws:sqs' && typeof raw.body === 'string') {
    const messageId = typeof raw.messageId === 'string' ? raw.messageId : 'unknown-message';
    return parseEvent(parseBody(raw.body, messageId), { messageId, awsRegion: String(raw.awsRegion ?? '') });
  }
  if (!isRecord(raw)) {
    return { kind: 'unknown', eventId: sqs?.messageId ?? 'unknown', description: `not a JSON object (${typeof raw})` };
  }
  if ('detail-type' in raw && 'source' in raw) return parseEventBridge(raw);
  if (raw.Service === 'AWS Auto Scaling') return parseNotification(raw, sqs);
  return {
    kind: 'unknown',
    eventId: sqs?.messageId ?? 'unknown',
    description: `neither an EventBridge event nor an Auto Scaling notification (keys: ${Object.keys(raw).slice(0, 8).join(', ')})`,
  };
}

/** An SQS body that is not JSON is malformed: both kinds of message we accept are JSON. */
export function parseBody(body: string, messageId: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new MalformedEventError(messageId, 'body', 'not JSON');
  }
}

function parseEventBridge(raw: Record<string, unknown>): ParsedEvent {
  const eventId = typeof raw.id === 'string' && raw.id ? raw.id : 'without-id';
  const detailType = raw['detail-type'];
  const source = raw.source;
  const detail = isRecord(raw.detail) ? raw.detail : {};

  if (source === 'aws.autoscaling' && (detailType === LAUNCH_DETAIL_TYPE || detailType === TERMINATE_DETAIL_TYPE)) {
    const event = check(lifecycleEventSchema, raw, eventId);
    const d = event.detail;
    const transition = detailType === LAUNCH_DETAIL_TYPE ? 'launch' : 'terminate';
    if ((d.LifecycleTransition === LAUNCHING) !== (transition === 'launch')) {
      throw new MalformedEventError(eventId, 'detail.LifecycleTransition', `${d.LifecycleTransition} does not match detail-type '${detailType}'`);
    }
    return {
      kind: 'lifecycle-action',
      transition,
      transport: 'eventbridge',
      eventId,
      time: event.time,
      action: {
        region: event.region,
        autoScalingGroupName: d.AutoScalingGroupName,
        lifecycleHookName: d.LifecycleHookName,
        instanceId: d.EC2InstanceId,
        lifecycleActionToken: d.LifecycleActionToken,
      },
      origin: d.Origin,
      destination: d.Destination,
    };
  }
  if (detailType === CLOUDTRAIL_DETAIL_TYPE && source === 'aws.ec2' && detail.eventName === 'CreateImage') {
    const event = check(createImageEventSchema, raw, eventId);
    const d = event.detail;
    return {
      kind: 'create-image',
      eventId,
      cloudTrailEventId: d.eventID,
      time: d.eventTime,
      region: d.awsRegion,
      imageId: d.responseElements?.imageId,
      instanceId: d.requestParameters.instanceId,
      description: d.requestParameters.description,
      errorCode: d.errorCode,
    };
  }
  if (detailType === CLOUDTRAIL_DETAIL_TYPE && source === 'aws.autoscaling' && detail.eventName === 'CreateAutoScalingGroup') {
    const event = check(createAutoScalingGroupEventSchema, raw, eventId);
    const d = event.detail;
    return {
      kind: 'create-auto-scaling-group',
      eventId,
      cloudTrailEventId: d.eventID,
      time: d.eventTime,
      region: d.awsRegion,
      autoScalingGroupName: d.requestParameters.autoScalingGroupName,
      tags: Object.fromEntries((d.requestParameters.tags ?? []).map((tag) => [tag.key, tag.value])),
      errorCode: d.errorCode,
    };
  }
  const what = detailType === CLOUDTRAIL_DETAIL_TYPE ? `${String(source)} ${String(detail.eventName)}` : `${String(source)} '${String(detailType)}'`;
  return { kind: 'unknown', eventId, description: `no route for ${what}` };
}

function parseNotification(raw: Record<string, unknown>, sqs: SqsOrigin | undefined): ParsedEvent {
  const eventId = typeof raw.RequestId === 'string' && raw.RequestId ? raw.RequestId : sqs?.messageId ?? 'without-id';
  if (raw.Event === TEST_NOTIFICATION) {
    const test = check(testNotificationSchema, raw, eventId);
    return { kind: 'test-notification', eventId, description: `test notification for ${test.AutoScalingGroupName ?? 'an Auto Scaling group'}` };
  }
  if (raw.LifecycleTransition === undefined && raw.Event !== undefined) {
    return { kind: 'unknown', eventId, description: `Auto Scaling notification '${String(raw.Event)}' is not routed` };
  }
  const n = check(lifecycleNotificationSchema, raw, eventId);
  return {
    kind: 'lifecycle-action',
    transition: n.LifecycleTransition === LAUNCHING ? 'launch' : 'terminate',
    transport: 'sqs',
    eventId,
    time: n.Time,
    action: {
      // The body does not carry the region: the queue's region is the group's (hooks notify same-region queues).
      region: sqs?.awsRegion || undefined,
      autoScalingGroupName: n.AutoScalingGroupName,
      lifecycleHookName: n.LifecycleHookName,
      instanceId: n.EC2InstanceId,
      lifecycleActionToken: n.LifecycleActionToken,
    },
    origin: n.Origin,
    destination: n.Destination,
  };
}

function check<S extends z.ZodType>(schema: S, raw: unknown, eventId: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(event)';
  throw new MalformedEventError(eventId, field, issue?.message ?? 'invalid');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
