import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';

/** The AWS clients activities talk through; injected so tests pass mocks or an emulator. */
export interface AwsClients {
  autoScaling: AutoScalingClient;
  ec2: EC2Client;
  ecs: ECSClient;
  ssm: SSMClient;
  sns: SNSClient;
}

/** Clients for a region (events arrive from several); undefined means the worker's default region. */
export type AwsClientsForRegion = (region?: string) => AwsClients;

/**
 * Real clients, one set per region, created on first use and reused. Endpoint and
 * credentials come from the standard AWS environment (AWS_ENDPOINT_URL included), so
 * the worker runs unchanged against AWS or a local endpoint.
 */
export function createAwsClientsForRegion(
  defaultRegion: string,
  /** Only for an in-process worker that must not read the process environment (the local stack). */
  overrides: { endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
): AwsClientsForRegion {
  const byRegion = new Map<string, AwsClients>();
  return (region?: string) => {
    const key = region ?? defaultRegion;
    let clients = byRegion.get(key);
    if (!clients) {
      const config = { region: key, ...overrides };
      clients = {
        autoScaling: new AutoScalingClient(config),
        ec2: new EC2Client(config),
        ecs: new ECSClient(config),
        ssm: new SSMClient(config),
        sns: new SNSClient(config),
      };
      byRegion.set(key, clients);
    }
    return clients;
  };
}

/** The same clients for every region: what tests inject with aws-sdk-client-mock. */
export function sameClientsForEveryRegion(clients: AwsClients): AwsClientsForRegion {
  return () => clients;
}
