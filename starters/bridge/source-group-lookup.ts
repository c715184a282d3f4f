import type { EC2Client } from '@aws-sdk/client-ec2';

export const GROUP_NAME_TAG = 'aws:autoscaling:groupName';

/** The Auto Scaling group an instance belongs to (its `aws:autoscaling:groupName` tag), or null when none. */
export type SourceGroupLookup = (instanceId: string, region: string) => Promise<string | null>;

/** Builds the EC2 client for a region; the handler loads the SDK lazily, tests pass a simulator's. */
export type Ec2ClientFor = (region: string) => Promise<EC2Client>;

/**
 * CreateImage names its source instance but not its group, so the bridge reads the
 * instance's `aws:autoscaling:groupName` tag with DescribeInstances (which still answers for
 * an instance terminated within the last hour or so, tags included). An instance that no
 * longer exists answers null: its image belongs to no fleet. Found groups are cached for
 * the container's life; an instance never moves to another group.
 */
export function createSourceGroupLookup(ec2For: Ec2ClientFor = defaultEc2For()): SourceGroupLookup {
  const cache = new Map<string, string>();
  return async (instanceId, region) => {
    const key = `${region}/${instanceId}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const sdk = await import('@aws-sdk/client-ec2');
    const client = await ec2For(region);
    let tags;
    try {
      const response = await client.send(new sdk.DescribeInstancesCommand({ InstanceIds: [instanceId] }));
      tags = response.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === instanceId)?.Tags;
    } catch (err) {
      if ((err as { name?: string }).name === 'InvalidInstanceID.NotFound') return null;
      throw err;
    }
    const group = tags?.find((t) => t.Key === GROUP_NAME_TAG)?.Value;
    if (!group) return null;
    cache.set(key, group);
    return group;
  };
}

/** One client per region, the SDK loaded on first use: a bridge with no golden-image fleet never pays for it. */
function defaultEc2For(): Ec2ClientFor {
  const clients = new Map<string, EC2Client>();
  return async (region) => {
    let client = clients.get(region);
    if (!client) {
      const sdk = await import('@aws-sdk/client-ec2');
      client = new sdk.EC2Client({ region });
      clients.set(region, client);
    }
    return client;
  };
}
