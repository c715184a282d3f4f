import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../activities/aws-clients';

/**
 * Real AWS SDK v3 clients pointed at a simulator, with throwaway credentials: what tests and
 * the demo use when they cannot set AWS_ENDPOINT_URL for the whole process.
 */
export function simulatorClients(url: string, options: { region?: string; maxAttempts?: number } = {}): AwsClients {
  const config = {
    region: options.region ?? 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' },
    maxAttempts: options.maxAttempts ?? 3,
  };
  return {
    autoScaling: new AutoScalingClient(config),
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    ssm: new SSMClient(config),
    sns: new SNSClient(config),
  };
}
