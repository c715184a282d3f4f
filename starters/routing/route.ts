import type { RunMode } from '../../common/observe';
import { DEFAULT_BACKUP_MARKER, GOLDEN_IMAGE_WORKFLOW, PIN_LATEST_WORKFLOW, type GoldenImageInput, type PinLatestInput } from '../../common/golden-image';
import { LAUNCH_GATE_SEARCH_ATTRIBUTES, LAUNCH_GATE_WORKFLOW, type LaunchGateInput } from '../../common/launch-gate';
import { DEFAULT_TASK_QUEUE } from '../../common/task-queue';
import {
  FLEET_SIGNALS,
  FLEET_WORKFLOW,
  TERMINATE_WORKFLOW,
  type FleetInput,
  type LaunchObserved,
  type TerminateInput,
} from '../../common/terminate';
import { workflowIds } from '../../common/workflow-ids';
import type { FleetConfig, FleetRule } from '../fleet-config/fleet-config-schema';
import {
  MalformedEventError,
  parseEvent,
  type CreateAutoScalingGroupCall,
  type CreateImageCall,
  type LifecycleActionEvent,
  type ParsedEvent,
  type SqsOrigin,
} from '../events/parse-event';
import { hasMarkerWord } from './backup-marker';
import { explainNoFleet, matchFleet, STACK_NAME_TAG } from './match-fleet';
import type { RouteResult, StartRequest } from './start-request';

export interface RouteOptions {
  /** TEMPORAL_TASK_QUEUE; used when neither the fleet nor the config names a queue. */
  defaultTaskQueue?: string;
  /** The group's CloudFormation stack, when a stackName rule needed it looked up (null: none). */
  stackName?: string | null;
  /**
   * The `aws:autoscaling:groupName` tag of a CreateImage call's source instance, looked up by
   * the caller (lookupEventFacts); null: looked up, the instance is in no group.
   */
  sourceGroup?: string | null;
  /** Where an SQS message came from, when `event` is its parsed body. */
  sqs?: SqsOrigin;
}

/** A caller's mistake, not an event problem: callers look the source group up first (lookupEventFacts). */
export class SourceGroupRequiredError extends Error {
  override name = 'SourceGroupRequiredError';
  constructor(readonly instanceId: string) {
    super(`the Auto Scaling group of ${instanceId} must be looked up to route its image`);
  }
}

/**
 * The one routing function, shared by the bridge Lambda and the CLI: an event in, the
 * workflow starts it asks for out (or why it asks for none). Pure: no I/O, no clock.
 * Throws MalformedEventError for a known event with a bad field.
 */
export function route(event: unknown, config: FleetConfig, options: RouteOptions = {}): RouteResult {
  return routeParsed(parseEvent(event, options.sqs), config, options);
}

export function routeParsed(event: ParsedEvent, config: FleetConfig, options: RouteOptions = {}): RouteResult {
  switch (event.kind) {
    case 'test-notification':
    case 'unknown':
      return { eventId: event.eventId, ignored: event.description };
    case 'lifecycle-action':
      return routeLifecycleAction(event, config, options);
    case 'create-image':
      return routeCreateImage(event, config, options);
    case 'create-auto-scaling-group':
      return routeCreateAutoScalingGroup(event, config, options);
  }
}

function routeLifecycleAction(event: LifecycleActionEvent, config: FleetConfig, options: RouteOptions): RouteResult {
  const { action } = event;
  const group = { autoScalingGroupName: action.autoScalingGroupName, region: action.region, stackName: options.stackName };
  const fleet = matchFleet(config, group);
  if (!fleet) return { eventId: event.eventId, ignored: explainNoFleet(config, group) };
  const taskQueue = taskQueueFor(fleet, config, options);
  const token = action.lifecycleActionToken ?? '';
  const memo = {
    eventId: event.eventId,
    trigger: `${event.transition === 'launch' ? 'launch' : 'terminate'} lifecycle action via ${event.transport}`,
    fleet: fleet.name,
    autoScalingGroupName: action.autoScalingGroupName,
    instanceId: action.instanceId,
  };
  const intoWarmPool = event.destination === 'WarmPool';
  const summary = `${event.transition} of ${action.instanceId} ${intoWarmPool ? 'into the warm pool of' : 'in'} ${action.autoScalingGroupName} (fleet ${fleet.name})`;
  const starts: StartRequest[] = [];

  if (event.transition === 'launch') {
    if (fleet.launchGate) {
      const { upsertSearchAttributes, ...gateSettings } = fleet.launchGate;
      const settings = { ...gateSettings, mode: gateSettings.mode ?? fleet.mode };
      const input: LaunchGateInput = {
        action,
        origin: event.origin,
        destination: event.destination,
        actionStartedAt: actionStartTime(event.time),
        settings,
        upsertSearchAttributes,
      };
      // Memo and search attributes given at start spare every gate the two upserts (and their
      // history events) it would otherwise make in its first workflow task.
      starts.push({
        workflowType: LAUNCH_GATE_WORKFLOW,
        workflowId: workflowIds.launchGate(action.instanceId, token),
        taskQueue,
        args: [dropUndefined(input)],
        idReusePolicy: 'REJECT_DUPLICATE',
        memo: withMode({ ...memo, lifecycleHookName: action.lifecycleHookName }, settings.mode),
        ...(upsertSearchAttributes
          ? {
              searchAttributes: {
                [LAUNCH_GATE_SEARCH_ATTRIBUTES.autoScalingGroupName]: action.autoScalingGroupName,
                [LAUNCH_GATE_SEARCH_ATTRIBUTES.instanceId]: action.instanceId,
              },
            }
          : {}),
      });
    }
    // An instance warmed into the pool is stopped, not put in service: it says nothing about
    // which group is current, so only a launch into the group itself is reported.
    if (fleet.terminate && !intoWarmPool) {
      // The fleet entity remembers which group is current, so a later terminate can tell
      // an unexpected scale-in from a planned release (seed 001).
      const observed: LaunchObserved = { autoScalingGroupName: action.autoScalingGroupName, instanceId: action.instanceId, at: event.time };
      const fleetInput: FleetInput = { fleetName: fleet.name };
      starts.push({
        workflowType: FLEET_WORKFLOW,
        workflowId: workflowIds.fleet(fleet.name),
        taskQueue,
        args: [fleetInput],
        signal: { name: FLEET_SIGNALS.launchObserved, args: [observed] },
        idReusePolicy: 'ALLOW_DUPLICATE',
        memo: { fleet: fleet.name },
      });
    }
    if (starts.length === 0) {
      const why = intoWarmPool
        ? `a launch into the warm pool is not a launch into service, and fleet ${fleet.name} has no launchGate settings`
        : `fleet ${fleet.name} has neither launchGate nor terminate settings`;
      return { eventId: event.eventId, ignored: why };
    }
    return { eventId: event.eventId, summary, fleet: fleet.name, starts };
  }

  if (!fleet.terminate) return { eventId: event.eventId, ignored: `fleet ${fleet.name} has no terminate settings` };
  // A return to the warm pool starts the terminate workflow too: origin and destination tell
  // it that the instance will come back.
  const input: TerminateInput = {
    action,
    origin: event.origin,
    destination: event.destination,
    actionStartedAt: actionStartTime(event.time),
    settings: {
      ...fleet.terminate,
      mode: fleet.terminate.mode ?? fleet.mode,
      fleetName: fleet.name,
      notifications: fleet.terminate.notifications ?? fleet.notifications,
    },
  };
  starts.push({
    workflowType: TERMINATE_WORKFLOW,
    workflowId: workflowIds.terminate(action.instanceId, token),
    taskQueue,
    args: [dropUndefined(input)],
    idReusePolicy: 'REJECT_DUPLICATE',
    memo: withMode(memo, input.settings.mode),
  });
  return { eventId: event.eventId, summary, fleet: fleet.name, starts };
}

function routeCreateImage(event: CreateImageCall, config: FleetConfig, options: RouteOptions): RouteResult {
  const ignored = (reason: string): RouteResult => ({ eventId: event.eventId, ignored: reason });
  if (event.errorCode) return ignored(`CreateImage failed (${event.errorCode}): no image to roll out`);
  if (!event.imageId) throw new MalformedEventError(event.eventId, 'detail.responseElements.imageId', 'missing on a successful CreateImage call');
  if (!event.instanceId) throw new MalformedEventError(event.eventId, 'detail.requestParameters.instanceId', 'missing on a successful CreateImage call');
  const image = `image ${event.imageId} of ${event.instanceId}`;
  if (!config.fleets.some((f) => f.goldenImage)) return ignored(`${image}: no fleet rolls out golden images`);
  // The image belongs to the fleet of the group its source instance was in, never to
  // whichever fleet's marker happens to appear first in the description.
  if (options.sourceGroup === undefined) throw new SourceGroupRequiredError(event.instanceId);
  if (options.sourceGroup === null) {
    return ignored(`${image}: the instance is in no Auto Scaling group (no aws:autoscaling:groupName tag), so in no fleet`);
  }
  const group = { autoScalingGroupName: options.sourceGroup, region: event.region, stackName: options.stackName };
  const fleet = matchFleet(config, group);
  if (!fleet) return ignored(`${image}: ${explainNoFleet(config, group)}`);
  const inFleet = `${image} in ${group.autoScalingGroupName} (fleet ${fleet.name})`;
  if (!fleet.goldenImage) return ignored(`${inFleet}: the fleet has no goldenImage settings`);
  const marker = fleet.goldenImage.marker ?? DEFAULT_BACKUP_MARKER;
  if (!hasMarkerWord(event.description, marker)) {
    return ignored(`${inFleet}: the description does not carry the marker ${marker} as a word, so it is not a backup image`);
  }
  const input: GoldenImageInput = {
    region: event.region,
    imageId: event.imageId,
    description: event.description,
    source: { instanceId: event.instanceId, autoScalingGroupName: group.autoScalingGroupName },
    settings: { ...fleet.goldenImage, mode: fleet.goldenImage.mode ?? fleet.mode },
  };
  return {
    eventId: event.eventId,
    summary: `CreateImage ${event.imageId} of ${event.instanceId} in ${group.autoScalingGroupName}, ${event.region} (fleet ${fleet.name})`,
    fleet: fleet.name,
    starts: [
      {
        workflowType: GOLDEN_IMAGE_WORKFLOW,
        workflowId: workflowIds.goldenImage(event.region, event.imageId),
        taskQueue: taskQueueFor(fleet, config, options),
        args: [dropUndefined(input)],
        idReusePolicy: 'REJECT_DUPLICATE',
        memo: withMode(
          {
            eventId: event.eventId,
            trigger: 'CloudTrail CreateImage',
            fleet: fleet.name,
            imageId: event.imageId,
            instanceId: event.instanceId,
            autoScalingGroupName: group.autoScalingGroupName,
          },
          input.settings.mode,
        ),
      },
    ],
  };
}

function routeCreateAutoScalingGroup(event: CreateAutoScalingGroupCall, config: FleetConfig, options: RouteOptions): RouteResult {
  const name = event.autoScalingGroupName;
  if (event.errorCode) return { eventId: event.eventId, ignored: `CreateAutoScalingGroup ${name} failed (${event.errorCode})` };
  // CloudTrail carries the tags the group was created with, so stackName rules need no lookup here.
  const group = { autoScalingGroupName: name, region: event.region, stackName: event.tags[STACK_NAME_TAG] ?? null };
  const fleet = matchFleet(config, group);
  if (!fleet) return { eventId: event.eventId, ignored: explainNoFleet(config, group) };
  if (!fleet.pinLatest) return { eventId: event.eventId, ignored: `fleet ${fleet.name} does not pin $Latest` };
  const input: PinLatestInput = { region: event.region, autoScalingGroupName: name, mode: fleet.mode };
  return {
    eventId: event.eventId,
    summary: `CreateAutoScalingGroup ${name} in ${event.region} (fleet ${fleet.name})`,
    fleet: fleet.name,
    starts: [
      {
        workflowType: PIN_LATEST_WORKFLOW,
        workflowId: workflowIds.pinLatest(event.region, name, event.cloudTrailEventId),
        taskQueue: taskQueueFor(fleet, config, options),
        args: [dropUndefined(input)],
        idReusePolicy: 'REJECT_DUPLICATE',
        memo: withMode({ eventId: event.eventId, trigger: 'CloudTrail CreateAutoScalingGroup', fleet: fleet.name, autoScalingGroupName: name }, fleet.mode),
      },
    ],
  };
}

export function taskQueueFor(fleet: FleetRule, config: FleetConfig, options: RouteOptions): string {
  return fleet.taskQueue ?? config.taskQueue ?? options.defaultTaskQueue ?? DEFAULT_TASK_QUEUE;
}

/**
 * The action's start in UTC, to the second (rounded down). EventBridge's `time` has whole
 * seconds and the hook notification's `Time` milliseconds; cut to the second, the same action
 * arriving both ways gets the same input, and a deadline counted from it is never late.
 */
function actionStartTime(time: string): string {
  return new Date(Date.parse(time)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Keeps printed requests and Web UI inputs free of `"origin": undefined` noise. */
function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Observing runs carry `mode: observe` in their memo from the start, so `observe report` finds them before they record anything. */
function withMode(memo: Record<string, string>, mode: RunMode | undefined): Record<string, string> {
  return mode === 'observe' ? { ...memo, mode } : memo;
}
