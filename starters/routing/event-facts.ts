import type { FleetConfig } from '../fleet-config/fleet-config-schema';
import type { ParsedEvent } from '../events/parse-event';
import { needsStackLookup } from './match-fleet';
import type { RouteOptions } from './route';

/**
 * What the bridge and the CLI ask AWS (or the operator) before routing: the facts an event
 * does not carry. Each answers null for "looked up, there is none".
 */
export interface FactLookups {
  /** The group's `aws:cloudformation:stack-name` tag. */
  stackName?: (autoScalingGroupName: string, region: string | undefined) => Promise<string | null>;
  /** The instance's `aws:autoscaling:groupName` tag: which group an image's source instance belongs to. */
  sourceGroup?: (instanceId: string, region: string) => Promise<string | null>;
}

export class LookupUnavailableError extends Error {
  override name = 'LookupUnavailableError';
}

/**
 * Looks up only what routing this event will consult: a stack name only when a stackName
 * rule is reached, an image's source group only when some fleet rolls out golden images.
 * The answers go into route()'s options, so route() itself stays pure.
 */
export async function lookupEventFacts(
  parsed: ParsedEvent,
  config: FleetConfig,
  lookups: FactLookups,
): Promise<Pick<RouteOptions, 'stackName' | 'sourceGroup'>> {
  if (parsed.kind === 'lifecycle-action') {
    const group = { autoScalingGroupName: parsed.action.autoScalingGroupName, region: parsed.action.region };
    return { stackName: await stackNameIfNeeded(group, config, lookups) };
  }
  if (parsed.kind === 'create-image') {
    const rollsOut = config.fleets.some((fleet) => fleet.goldenImage);
    if (!rollsOut || parsed.errorCode || !parsed.imageId || !parsed.instanceId) return {};
    if (!lookups.sourceGroup) {
      throw new LookupUnavailableError(
        "the fleet configuration has goldenImage fleets, but nothing can look up an image's source instance (EC2 DescribeInstances)",
      );
    }
    const sourceGroup = await lookups.sourceGroup(parsed.instanceId, parsed.region);
    if (sourceGroup === null) return { sourceGroup };
    return { sourceGroup, stackName: await stackNameIfNeeded({ autoScalingGroupName: sourceGroup, region: parsed.region }, config, lookups) };
  }
  return {};
}

async function stackNameIfNeeded(
  group: { autoScalingGroupName: string; region: string | undefined },
  config: FleetConfig,
  lookups: FactLookups,
): Promise<string | null | undefined> {
  if (!needsStackLookup(config, group)) return undefined;
  if (!lookups.stackName) {
    throw new LookupUnavailableError('the fleet configuration has stackName rules, but nothing can look up a group\'s stack (Auto Scaling DescribeAutoScalingGroups)');
  }
  return lookups.stackName(group.autoScalingGroupName, group.region);
}
