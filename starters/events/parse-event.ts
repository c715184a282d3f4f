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
  snsEnvelopeSchema,
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

/** How the event reached us: `sns` is a hook notification wrapped by SNS on its way to SQS. */
export type Transport = 'eventbridge' | 'sqs' | 'sns';

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
  /** The queue's region; absent when not known (a bare body given to the CLI without --region). */
  awsRegion?: string;
}

/**
 * Classifies one event, as delivered by EventBridge, as the body of an SQS message, or as a
 * whole SQS record (its body is unwrapped). Throws MalformedEventError for a known type
 * with bad fields; unknown shapes come back as `unknown`, never as an error.
 */
export function parseEvent(raw: unknown, sqs?: SqsOrigin): ParsedEvent {
  if (isRecord(raw) && raw.eventSource === 'aws:sqs' && typeof raw.body === 'string') {
    const messageId = idOf(raw.messageId) ?? 'unknown-message';
    return parseEvent(parseBody(raw.body, messageId), { messageId, awsRegion: typeof raw.awsRegion === 'string' ? raw.awsRegion : undefined });
  }
  return parseMessage(raw, sqs, 'sqs');
}

function parseMessage(raw: unknown, sqs: SqsOrigin | undefined, transport: 'sqs' | 'sns'): ParsedEvent {
  if (!isRecord(raw)) {
    return { kind: 'unknown', eventId: sqs?.messageId ?? 'unknown', description: `not a JSON object (${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw})` };
  }
  if ('detail-type' in raw && 'source' in raw) return parseEventBridge(raw);
  if (raw.Service === 'AWS Auto Scaling') return parseNotification(raw, sqs, transport);
  if (raw.Type === 'Notification' && 'TopicArn' in raw) {
    if (transport === 'sns') return { kind: 'unknown', eventId: sqs?.messageId ?? 'unknown', description: 'an SNS envelope inside an SNS envelope' };
    return parseSnsEnvelope(raw, sqs);
  }
  // The body is not ours to describe: its keys and values stay out of the reason (and the logs).
  return {
    kind: 'unknown',
    eventId: sqs?.messageId ?? 'unknown',
    description: 'neither an EventBridge event nor an Auto Scaling notification (nor an SNS envelope of one)',
  };
}

/**
 * A hook that notifies an SNS topic whose SQS subscription is not raw delivery: the
 * notification is the envelope's `Message`. The topic's region is the group's (a hook
 * notifies a target in its own region), whichever region the queue is in.
 */
function parseSnsEnvelope(raw: Record<string, unknown>, sqs: SqsOrigin | undefined): ParsedEvent {
  const envelopeId = idOf(raw.MessageId) ?? sqs?.messageId ?? 'without-id';
  const envelope = check(snsEnvelopeSchema, raw, envelopeId);
  let message: unknown;
  try {
    message = JSON.parse(envelope.Message);
  } catch {
    throw new MalformedEventError(envelopeId, 'Message', 'not JSON');
  }
  const topicRegion = envelope.TopicArn.split(':')[3];
  return parseMessage(message, { messageId: sqs?.messageId ?? envelope.MessageId, awsRegion: topicRegion }, 'sns');
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
  const eventId = idOf(raw.id) ?? 'without-id';
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
  return { kind: 'unknown', eventId, description: `no route for ${describeUnrouted(source, detailType, detail.eventName)}` };
}

/**
 * Only `aws.*` sources are named: no one but AWS can send them, and their names are short
 * words. Anything else is someone's custom event, whose fields stay out of the reason and logs.
 */
function describeUnrouted(source: unknown, detailType: unknown, eventName: unknown): string {
  const word = (value: unknown, pattern: RegExp) => typeof value === 'string' && pattern.test(value);
  if (!word(source, /^aws\.[a-z0-9-]{1,40}$/)) return 'a custom EventBridge event (source outside aws.*)';
  if (detailType === CLOUDTRAIL_DETAIL_TYPE) {
    return word(eventName, /^[A-Za-z0-9]{1,64}$/) ? `${String(source)} ${String(eventName)}` : `${String(source)} CloudTrail call`;
  }
  return word(detailType, /^[A-Za-z0-9 ._:()-]{1,128}$/) ? `${String(source)} '${String(detailType)}'` : `${String(source)} event`;
}

function parseNotification(raw: Record<string, unknown>, sqs: SqsOrigin | undefined, transport: 'sqs' | 'sns'): ParsedEvent {
  const eventId = idOf(raw.RequestId) ?? sqs?.messageId ?? 'without-id';
  if (raw.Event === TEST_NOTIFICATION) {
    const test = check(testNotificationSchema, raw, eventId);
    return { kind: 'test-notification', eventId, description: `test notification for ${test.AutoScalingGroupName ?? 'an Auto Scaling group'}` };
  }
  if (raw.LifecycleTransition === undefined && raw.Event !== undefined) {
    // Auto Scaling's own notification types (autoscaling:EC2_INSTANCE_LAUNCH, …) are named; anything else is not echoed.
    const event = typeof raw.Event === 'string' && /^autoscaling:[A-Z0-9_]{1,64}$/.test(raw.Event) ? `'${raw.Event}'` : 'of an unknown type';
    return { kind: 'unknown', eventId, description: `Auto Scaling notification ${event} is not routed` };
  }
  const n = check(lifecycleNotificationSchema, raw, eventId);
  return {
    kind: 'lifecycle-action',
    transition: n.LifecycleTransition === LAUNCHING ? 'launch' : 'terminate',
    transport,
    eventId,
    time: n.Time,
    action: {
      // The body does not carry the region: the queue's (or topic's) region is the group's (hooks notify same-region targets).
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

/**
 * An id as AWS writes them (UUIDs and the like). Ids name the event in every log line and
 * error, so anything longer or stranger is not repeated: the schema then reports the field.
 */
function idOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
