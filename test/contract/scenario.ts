import { CreateImageCommand, CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand, CreateTagsCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeLaunchTemplateVersionsCommand, ModifyLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ListTagsForResourceCommand, RegisterTaskDefinitionCommand, TagResourceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { CreateTopicCommand, PublishCommand } from '@aws-sdk/client-sns';
import { GetCommandInvocationCommand, GetParameterCommand, ListCommandsCommand, PutParameterCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../../activities/aws-clients';

export type CallOutcome = { ok: unknown } | { error: string };

/**
 * The same sequence of calls, made through the same SDK clients, against either endpoint:
 * every operation the product uses that moto implements, plus the errors the activities
 * classify. `instanceId` is a running instance the endpoint already has.
 */
export async function runContractScenario(clients: AwsClients, instanceId: string): Promise<Record<string, CallOutcome>> {
  const results: Record<string, CallOutcome> = {};
  const call = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      const out = await fn();
      results[name] = { ok: out };
      return out;
    } catch (err) {
      results[name] = { error: (err as Error).name };
      return undefined;
    }
  };
  const { ec2, ecs, ssm, sns } = clients;

  // EC2: instances, images, tags, launch template versions.
  await call('DescribeInstances', () => ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })));
  await call('DescribeInstances (unknown id)', () => ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })));
  const image = await call('CreateImage', () =>
    ec2.send(
      new CreateImageCommand({
        InstanceId: instanceId,
        Name: 'contract-backup',
        Description: 'EC2_BACKUP contract',
        NoReboot: true,
        TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'purpose', Value: 'contract' }] }],
      }),
    ),
  );
  const imageId = image?.ImageId ?? 'ami-00000000000000000';
  await call('CreateTags', () => ec2.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'case', Value: '42' }] })));
  await call('DescribeImages (by id)', () => ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] })));
  await call('DescribeImages (by tag)', () => ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'tag:purpose', Values: ['contract'] }] })));
  await call('DescribeImages (unknown id)', () => ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })));
  const template = await call('CreateLaunchTemplate', () =>
    ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'contract-lt', LaunchTemplateData: { ImageId: imageId, InstanceType: 't3.micro' } })),
  );
  const templateId = template?.LaunchTemplate?.LaunchTemplateId ?? 'lt-00000000000000000';
  await call('CreateLaunchTemplateVersion', () =>
    ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: templateId,
        SourceVersion: '1',
        VersionDescription: 'Latest-AMI',
        LaunchTemplateData: { ImageId: imageId },
        ClientToken: 'contract-token-1',
      }),
    ),
  );
  await call('ModifyLaunchTemplate', () => ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: templateId, DefaultVersion: '2' })));
  await call('DescribeLaunchTemplateVersions ($Latest, $Default)', () =>
    ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: ['$Latest', '$Default'] })),
  );
  await call('DescribeLaunchTemplateVersions (all)', () => ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId })));

  // ECS: services.
  await call('CreateCluster', () => ecs.send(new CreateClusterCommand({ clusterName: 'contract-cluster' })));
  await call('RegisterTaskDefinition', () =>
    ecs.send(new RegisterTaskDefinitionCommand({ family: 'contract-task', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }] })),
  );
  const created = await call('CreateService', () =>
    ecs.send(new CreateServiceCommand({ cluster: 'contract-cluster', serviceName: 'contract-svc', taskDefinition: 'contract-task', desiredCount: 0 })),
  );
  await call('UpdateService', () => ecs.send(new UpdateServiceCommand({ cluster: 'contract-cluster', service: 'contract-svc', desiredCount: 1 })));
  await call('DescribeServices', () => ecs.send(new DescribeServicesCommand({ cluster: 'contract-cluster', services: ['contract-svc'] })));
  const serviceArn = created?.service?.serviceArn ?? 'arn:aws:ecs:us-east-1:123456789012:service/contract-cluster/contract-svc';
  await call('TagResource', () => ecs.send(new TagResourceCommand({ resourceArn: serviceArn, tags: [{ key: 'started-by', value: 'contract' }] })));
  await call('ListTagsForResource', () => ecs.send(new ListTagsForResourceCommand({ resourceArn: serviceArn })));
  await call('DescribeServices (unknown cluster)', () => ecs.send(new DescribeServicesCommand({ cluster: 'no-such-cluster', services: ['x'] })));
  await call('UpdateService (unknown service)', () => ecs.send(new UpdateServiceCommand({ cluster: 'contract-cluster', service: 'no-such-service', desiredCount: 1 })));

  // SSM: parameters and commands.
  await call('PutParameter', () => ssm.send(new PutParameterCommand({ Name: '/contract/launch-template-id', Value: templateId, Type: 'String' })));
  await call('PutParameter (exists)', () => ssm.send(new PutParameterCommand({ Name: '/contract/launch-template-id', Value: 'x', Type: 'String' })));
  await call('GetParameter', () => ssm.send(new GetParameterCommand({ Name: '/contract/launch-template-id' })));
  await call('GetParameter (missing)', () => ssm.send(new GetParameterCommand({ Name: '/contract/missing' })));
  const sent = await call('SendCommand', () =>
    ssm.send(new SendCommandCommand({ InstanceIds: [instanceId], DocumentName: 'AWS-RunShellScript', Comment: 'contract drain', Parameters: { commands: ['echo flushed'] } })),
  );
  await call('GetCommandInvocation', () => ssm.send(new GetCommandInvocationCommand({ CommandId: sent?.Command?.CommandId, InstanceId: instanceId })));
  await call('ListCommands', () => ssm.send(new ListCommandsCommand({ InstanceId: instanceId })));

  // SNS: publish.
  const topic = await call('CreateTopic', () => sns.send(new CreateTopicCommand({ Name: 'contract-topic' })));
  await call('Publish', () => sns.send(new PublishCommand({ TopicArn: topic?.TopicArn, Subject: 'contract', Message: '{"ok":true}' })));
  await call('Publish (unknown topic)', () => sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:no-such-topic', Message: 'x' })));
  return results;
}
