import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { STACK_NAME_TAG } from '../routing/match-fleet';

/** The group's CloudFormation stack name, or null when it has none (or no longer exists). */
export type StackNameLookup = (autoScalingGroupName: string, region: string | undefined) => Promise<string | null>;

/**
 * Lifecycle events carry no tags, so stackName rules read the group's
 * `aws:cloudformation:stack-name` tag with DescribeAutoScalingGroups. A group's stack never
 * changes, so found names are cached for the container's life; "not found" is not cached
 * (a group just created may not be visible yet). The SDK is loaded on first use: a bridge
 * whose config has no stackName rule never pays for it at cold start.
 */
export function createStackNameLookup(): StackNameLookup {
  const cache = new Map<string, string>();
  const clients = new Map<string, AutoScalingClient>();
  return async (name, region) => {
    const key = `${region ?? ''}/${name}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const sdk = await import('@aws-sdk/client-auto-scaling');
    let client = clients.get(region ?? '');
    if (!client) {
      client = new sdk.AutoScalingClient(region ? { region } : {});
      clients.set(region ?? '', client);
    }
    const response = await client.send(new sdk.DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
    const tag = response.AutoScalingGroups?.[0]?.Tags?.find((t) => t.Key === STACK_NAME_TAG);
    if (!tag?.Value) return null;
    cache.set(key, tag.Value);
    return tag.Value;
  };
}
