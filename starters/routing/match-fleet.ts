import type { FleetConfig, FleetMatch, FleetRule } from '../fleet-config/fleet-config-schema';
import { globMatches } from './glob';

export const STACK_NAME_TAG = 'aws:cloudformation:stack-name';

export class StackNameRequiredError extends Error {
  override name = 'StackNameRequiredError';
  constructor(readonly autoScalingGroupName: string) {
    super(`the CloudFormation stack of ${autoScalingGroupName} must be looked up to match stackName rules`);
  }
}

/** What is known about a group when matching: its name, region and, if looked up, its stack. */
export interface GroupFacts {
  autoScalingGroupName: string;
  region?: string;
  /** undefined: not known (never looked up); null: looked up, the group has no stack tag. */
  stackName?: string | null;
}

/** The first fleet, in file order, that selects the group: like a firewall, order is the tie-break. */
export function matchFleet(config: FleetConfig, group: GroupFacts): FleetRule | undefined {
  return config.fleets.find((fleet) => inRegion(fleet, group.region) && matches(fleet.match, group));
}

/**
 * Why no fleet selected the group, in words: a fleet whose rule matches the group but whose
 * `regions` leave this region out says so, instead of a bare "no fleet selects".
 */
export function explainNoFleet(config: FleetConfig, group: GroupFacts): string {
  const name = group.autoScalingGroupName;
  const region = group.region;
  const elsewhere =
    region === undefined ? undefined : config.fleets.find((fleet) => fleet.regions && !fleet.regions.includes(region) && matchesIfKnown(fleet.match, group));
  if (elsewhere?.regions) {
    return `fleet ${elsewhere.name} selects Auto Scaling group ${name} only in ${elsewhere.regions.join(', ')}, and this event is from ${region}`;
  }
  return `no fleet selects Auto Scaling group ${name}`;
}

export function usesStackNames(config: FleetConfig): boolean {
  return config.fleets.some((fleet) => fleet.match.stackName !== undefined);
}

function inRegion(fleet: FleetRule, region: string | undefined): boolean {
  return !fleet.regions || region === undefined || fleet.regions.includes(region);
}

function matches(match: FleetMatch, group: GroupFacts): boolean {
  const name = group.autoScalingGroupName;
  if (match.name !== undefined) return name === match.name;
  if (match.prefix !== undefined) return name.startsWith(match.prefix);
  if (match.glob !== undefined) return globMatches(match.glob, name);
  if (match.stackName !== undefined) {
    if (group.stackName === undefined) {
      // A caller's mistake, not an event problem: callers look the stack up first (needsStackLookup).
      throw new StackNameRequiredError(name);
    }
    return group.stackName === match.stackName;
  }
  return false;
}

/** For explanations only: a stackName rule whose stack was never looked up does not match. */
function matchesIfKnown(match: FleetMatch, group: GroupFacts): boolean {
  return match.stackName !== undefined && group.stackName === undefined ? false : matches(match, group);
}

/**
 * Lifecycle events carry no tags, so a stackName rule needs the group's tags looked up
 * (DescribeAutoScalingGroups). Only when such a rule would actually be consulted: a
 * name/prefix/glob rule earlier in the file that matches settles it without AWS.
 */
export function needsStackLookup(config: FleetConfig, group: Omit<GroupFacts, 'stackName'>): boolean {
  for (const fleet of config.fleets) {
    if (!inRegion(fleet, group.region)) continue;
    if (fleet.match.stackName !== undefined) return true;
    if (matches(fleet.match, group)) return false;
  }
  return false;
}
