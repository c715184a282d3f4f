import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { AwsClientsForRegion } from '../aws-clients';
import { awsErrorName, rethrowClassified } from '../aws-errors';

export interface InstanceNames {
  found: boolean;
  privateDnsName?: string;
  nameTag?: string;
}

/** The names monitoring systems know an instance by. */
export function createInstanceNameActivities(clientsFor: AwsClientsForRegion) {
  return {
    async describeInstanceNames(request: { region?: string; instanceId: string }): Promise<InstanceNames> {
      try {
        const out = await clientsFor(request.region).ec2.send(new DescribeInstancesCommand({ InstanceIds: [request.instanceId] }));
        const instance = out.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === request.instanceId);
        if (!instance) return { found: false };
        return {
          found: true,
          privateDnsName: instance.PrivateDnsName || undefined,
          nameTag: instance.Tags?.find((t) => t.Key === 'Name')?.Value || undefined,
        };
      } catch (err) {
        if (awsErrorName(err) === 'InvalidInstanceID.NotFound') return { found: false };
        return rethrowClassified(err, 'DescribeInstances');
      }
    },
  };
}
