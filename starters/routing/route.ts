import { GOLDEN_IMAGE_WORKFLOW, hasBackupMarker, PIN_LATEST_WORKFLOW, type GoldenImageInput, type PinLatestInput } from '../../common/golden-image';
import { LAUNCH_GATE_WORKFLOW, type LaunchGateInput } from '../../common/launch-gate';
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
import { matchFleet, STACK_NAME_TAG } from './match-fleet';
import type { RouteResult, StartRequest } from './start-request';

export interface RouteOptions {
  /** TEMPORAL_TASK_QUEUE; used when neither the fleet nor the config names a queue. */
  defaultTaskQueue?: string;
  /** The group's CloudFormation stack, when a stackName rule needed it looked up (null: none). */
  stackName?: string | null;
  /** Where an SQS message came from, when `event` is its parsed body. */
  sqs?: SqsOrigin;
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
  const fleet = matchFleet(config, {
    autoScalingGroupName: action.autoScalingGroupName,
    region: action.region,
    stackName: options.stackName,
  });
  if (!fleet) return { eventId: event.eventId, ignored: `no fleet selects Auto Scaling group ${action.autoScalingGroupName}` };
  const taskQueue = taskQueueFor(fleet, config, options);
  const token = action.lifecycleActionToken ?? '';
  const memo = {
    eventId: event.eventId,
    trigger: `${event.transition === 'launch' ? 'launch' : 'terminate'} lifecycle action via ${event.transport}`,
    fleet: fleet.name,
    autoScalingGroupName: action.autoScalingGroupName,
    instanceId: action.instanceId,
  };
  const summary = `${event.transition} of ${action.instanceId} in ${action.autoScalingGroupName} (fleet ${fleet.name})`;
  const starts: StartRequest[] = [];

  if (event.transition === 'launch') {
    if (fleet.launchGate) {
      const { upsertSearchAttributes, ...settings } = fleet.launchGate;
      const input: LaunchGateInput = {
        action,
        origin: event.origin,
        destination: event.destination,
        settings,
        upsertSearchAttributes,
      };
      starts.push({
        workflowType: LAUNCH_GATE_WORKFLOW,
        workflowId: workflowIds.launchGate(action.instanceId, token),
        taskQueue,
        args: [dropUndefined(input)],
        idReusePolicy: 'REJECT_DUPLICATE',
        memo,
      });
    }
    if (fleet.terminate) {
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
      return { eventId: event.eventId, ignored: `fleet ${fleet.name} has neither launchGate nor terminate settings` };
    }
    return { eventId: event.eventId, summary, fleet: fleet.name, starts };
  }

  if (!fleet.terminate) return { eventId: event.eventId, ignored: `fleet ${fleet.name} has no terminate settings` };
  const input: TerminateInput = {
    action,
    origin: event.origin,
    destination: event.destination,
    settings: {
      ...fleet.terminate,
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
    memo,
  });
  return { eventId: event.eventId, summary, fleet: fleet.name, starts };
}

function routeCreateImage(event: CreateImageCall, config: FleetConfig, options: RouteOptions): RouteResult {
  if (event.errorCode) return { eventId: event.eventId, ignored: `CreateImage failed (${event.errorCode}): no image to roll out` };
  if (!event.imageId) throw new MalformedEventError(event.eventId, 'detail.responseElements.imageId', 'missing on a successful CreateImage call');
  const fleet = config.fleets.find(
    (f) => f.goldenImage && (!f.regions || f.regions.includes(event.region)) && hasBackupMarker(event.description, f.goldenImage.marker),
  );
  if (!fleet?.goldenImage) {
    return { eventId: event.eventId, ignored: `image ${event.imageId}: no fleet's golden-image marker is in its description` };
  }
  const input: GoldenImageInput = {
    region: event.region,
    imageId: event.imageId,
    description: event.description,
    settings: fleet.goldenImage,
  };
  return {
    eventId: event.eventId,
    summary: `CreateImage ${event.imageId} in ${event.region} (fleet ${fleet.name})`,
    fleet: fleet.name,
    starts: [
      {
        workflowType: GOLDEN_IMAGE_WORKFLOW,
        workflowId: workflowIds.goldenImage(event.region, event.imageId),
        taskQueue: taskQueueFor(fleet, config, options),
        args: [dropUndefined(input)],
        idReusePolicy: 'REJECT_DUPLICATE',
        memo: { eventId: event.eventId, trigger: 'CloudTrail CreateImage', fleet: fleet.name, imageId: event.imageId },
      },
    ],
  };
}

function routeCreateAutoScalingGroup(event: CreateAutoScalingGroupCall, config: FleetConfig, options: RouteOptions): RouteResult {
  const name = event.autoScalingGroupName;
  if (event.errorCode) return { eventId: event.eventId, ignored: `CreateAutoScalingGroup ${name} failed (${event.errorCode})` };
  // CloudTrail carries the tags the group was created with, so stackName rules need no lookup here.
  const fleet = matchFleet(config, { autoScalingGroupName: name, region: event.region, stackName: event.tags[STACK_NAME_TAG] ?? null });
  if (!fleet) return { eventId: event.eventId, ignored: `no fleet selects Auto Scaling group ${name}` };
  if (!fleet.pinLatest) return { eventId: event.eventId, ignored: `fleet ${fleet.name} does not pin $Latest` };
  const input: PinLatestInput = { region: event.region, autoScalingGroupName: name };
  return {
    eventId: event.eventId,
    summary: `CreateAutoScalingGroup ${name} in ${event.region} (fleet ${fleet.name})`,
    fleet: fleet.name,
    starts: [
      {
        workflowType: PIN_LATEST_WORKFLOW,
        workflowId: workflowIds.pinLatest(event.region, name, event.cloudTrailEventId),
        taskQueue: taskQueueFor(fleet, config, options),
        args: [input],
        idReusePolicy: 'REJECT_DUPLICATE',
        memo: { eventId: event.eventId, trigger: 'CloudTrail CreateAutoScalingGroup', fleet: fleet.name, autoScalingGroupName: name },
      },
    ],
  };
}

function taskQueueFor(fleet: FleetRule, config: FleetConfig, options: RouteOptions): string {
  return fleet.taskQueue ?? config.taskQueue ?? options.defaultTaskQueue ?? DEFAULT_TASK_QUEUE;
}

/** Keeps printed requests and Web UI inputs free of `"origin": undefined` noise. */
function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
