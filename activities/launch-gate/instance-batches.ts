import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import type { AwsClientsForRegion } from '../aws-clients';

type Batch = Array<{ instanceId: string; resolve(i: Instance | undefined): void; reject(err: unknown): void }>;

/** How long a lookup waits for others to share its call, and how many instances one call asks about. */
export interface InstanceBatchOptions {
  windowMs: number;
  maxInstances: number;
}

/**
 * DescribeInstances for many gates at once: the lookups one region receives within `windowMs`
 * of the first go into one call (up to `maxInstances` ids). A scale-out burst of 1 000 gates
 * made 1 000 calls against EC2's request rate, shared by everything else in the account; in
 * batches it makes a few dozen. The ids go in the `instance-id` filter, not in InstanceIds: one
 * id EC2 does not know yet (it is eventually consistent about new instances) fails a whole
 * InstanceIds call, but is only missing from a filtered answer. A failed call fails every
 * lookup in it, and each is retried on its own terms.
 */
export function batchedInstanceLookup(clientsFor: AwsClientsForRegion, options: InstanceBatchOptions) {
  const pending = new Map<string, Batch>();

  async function send(region: string | undefined, batch: Batch): Promise<void> {
    try {
      const ids = [...new Set(batch.map((b) => b.instanceId))];
      const found = new Map<string, Instance>();
      let nextToken: string | undefined;
      do {
        const out = await clientsFor(region).ec2.send(
          new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ids }], NextToken: nextToken }),
        );
        for (const instance of out.Reservations?.flatMap((r) => r.Instances ?? []) ?? []) {
          if (instance.InstanceId) found.set(instance.InstanceId, instance);
        }
        nextToken = out.NextToken;
      } while (nextToken);
      for (const waiter of batch) waiter.resolve(found.get(waiter.instanceId));
    } catch (err) {
      for (const waiter of batch) waiter.reject(err);
    }
  }

  /** The instance as EC2 describes it now, or undefined when EC2 does not list it. */
  return function describeInstance(region: string | undefined, instanceId: string): Promise<Instance | undefined> {
    const key = region ?? '';
    return new Promise((resolve, reject) => {
      let batch = pending.get(key);
      if (!batch) {
        batch = [];
        pending.set(key, batch);
        const mine = batch;
        setTimeout(() => flush(key, region, mine), options.windowMs).unref();
      }
      batch.push({ instanceId, resolve, reject });
      if (batch.length >= options.maxInstances) flush(key, region, batch);
    });
  };

  /** Sends a batch once: when it is full, or when its window ends, whichever comes first. */
  function flush(key: string, region: string | undefined, batch: Batch): void {
    if (pending.get(key) !== batch) return;
    pending.delete(key);
    void send(region, batch);
  }
}
