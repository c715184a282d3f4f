import {
  AutoScalingClient,
  CompleteLifecycleActionCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DescribeLifecycleHooksCommand,
  DescribeScalingActivitiesCommand,
  RecordLifecycleActionHeartbeatCommand,
  type Activity,
} from '@aws-sdk/client-auto-scaling';
import { CreateImageCommand, DescribeImagesCommand, DescribeInstancesCommand, EC2Client, type Image } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  GetCommandInvocationCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
  type Command,
} from '@aws-sdk/client-ssm';
import { ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../activities/aws-clients';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

export interface FakeImage {
  image: Image;
  /** DescribeImages by id answers `pending` this many more times, then `finalState`. */
  pendingPolls: number;
  finalState: 'available' | 'failed';
  stateReason?: string;
}

export interface SsmScript {
  /** Statuses GetCommandInvocation answers in turn; the last one repeats. */
  statuses: string[];
  stdout?: string;
  stderr?: string;
  responseCode?: number;
}

/**
 * A stateful stand-in for the AWS APIs the terminate workflow uses, behind
 * aws-sdk-client-mock so the real activity code runs: images really exist once created,
 * lifecycle actions really go away once completed.
 */
export class FakeAws {
  readonly autoScaling = mockClient(AutoScalingClient);
  readonly ec2 = mockClient(EC2Client);
  readonly ssm = mockClient(SSMClient);
  readonly sns = mockClient(SNSClient);
  readonly clients: AwsClients = {
    autoScaling: new AutoScalingClient({ region: 'us-east-1', credentials }),
    ec2: new EC2Client({ region: 'us-east-1', credentials }),
    ecs: new ECSClient({ region: 'us-east-1', credentials }),
    ssm: new SSMClient({ region: 'us-east-1', credentials }),
    sns: new SNSClient({ region: 'us-east-1', credentials }),
  };

  // world state
  groups = new Map<string, { status?: string }>();
  scalingActivities = new Map<string, Activity[]>();
  hookHeartbeatTimeout = 300;
  /** Lifecycle actions by instance id. */
  actions = new Map<string, 'pending' | 'gone'>();
  /** What DescribeAutoScalingInstances says of an instance; by default Terminating:Wait while its action is pending, Terminating:Proceed after. */
  instanceStates = new Map<string, { group: string; state: string } | 'gone'>();
  /** Every heartbeat fails with this error (a forged token, an outage). */
  heartbeatError?: Error;
  /** The next CompleteLifecycleAction is applied, then fails as a lost answer would. */
  completeLosesAnswer = 0;
  /** After this many successful heartbeats the action expires (undefined = never). */
  actionExpiresAfterHeartbeats?: number;
  images = new Map<string, FakeImage>();
  imagePendingPolls = 0;
  imageFinalState: 'available' | 'failed' = 'available';
  imageStateReason?: string;
  /** The next CreateImage creates the image, then fails as a lost answer would. */
  createImageLosesAnswer = 0;
  ssmScript: SsmScript = { statuses: ['Success'], stdout: 'flushed\nstopped zabbix-agent\n' };
  sendCommandError?: Error;
  commands: Command[] = [];
  privateDnsName = 'ip-10-0-1-23.ec2.internal';

  // what happened
  heartbeats = 0;
  completions: { instanceId?: string; result?: string; token?: string }[] = [];
  createImageCalls = 0;
  invocationPolls = 0;
  published: { subject?: string; message: Record<string, unknown> }[] = [];
  private nextImage = 1;
  private nextCommand = 1;

  constructor() {
    this.install();
  }

  reset(): void {
    for (const mock of [this.autoScaling, this.ec2, this.ssm, this.sns]) mock.reset();
    Object.assign(this, {
      groups: new Map(),
      scalingActivities: new Map(),
      hookHeartbeatTimeout: 300,
      actions: new Map(),
      actionExpiresAfterHeartbeats: undefined,
      instanceStates: new Map(),
      heartbeatError: undefined,
      completeLosesAnswer: 0,
      images: new Map(),
      imagePendingPolls: 0,
      imageFinalState: 'available',
      imageStateReason: undefined,
      createImageLosesAnswer: 0,
      ssmScript: { statuses: ['Success'], stdout: 'flushed\nstopped zabbix-agent\n' },
      sendCommandError: undefined,
      commands: [],
      heartbeats: 0,
      completions: [],
      createImageCalls: 0,
      invocationPolls: 0,
      published: [],
    });
    this.install();
  }

  imagesOf(instanceId: string): FakeImage[] {
    return [...this.images.values()].filter((i) => i.image.Tags?.some((t) => t.Key === 'fleet-workflows:instance-id' && t.Value === instanceId));
  }

  private install(): void {
    this.autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake((input: { AutoScalingGroupNames?: string[] }) => {
      const name = input.AutoScalingGroupNames?.[0] ?? '';
      const group = this.groups.get(name);
      return { AutoScalingGroups: group ? [{ AutoScalingGroupName: name, Status: group.status }] : [] };
    });
    this.autoScaling.on(DescribeScalingActivitiesCommand).callsFake((input: { AutoScalingGroupName?: string }) => ({
      Activities: this.scalingActivities.get(input.AutoScalingGroupName ?? '') ?? [],
    }));
    this.autoScaling.on(DescribeLifecycleHooksCommand).callsFake(() => ({
      LifecycleHooks: [{ LifecycleHookName: 'terminate-hook', HeartbeatTimeout: this.hookHeartbeatTimeout, DefaultResult: 'CONTINUE' }],
    }));
    this.autoScaling.on(RecordLifecycleActionHeartbeatCommand).callsFake((input: { InstanceId?: string }) => {
      const id = input.InstanceId ?? '';
      if (this.heartbeatError) throw this.heartbeatError;
      if (this.actions.get(id) !== 'pending') {
        throw awsError('ValidationError', `No active Lifecycle Action found with instance ID ${id}`);
      }
      this.heartbeats += 1;
      if (this.actionExpiresAfterHeartbeats !== undefined && this.heartbeats >= this.actionExpiresAfterHeartbeats) {
        this.actions.set(id, 'gone');
      }
      return {};
    });
    this.autoScaling
      .on(CompleteLifecycleActionCommand)
      .callsFake((input: { InstanceId?: string; LifecycleActionResult?: string; LifecycleActionToken?: string }) => {
        const id = input.InstanceId ?? '';
        if (this.actions.get(id) !== 'pending') {
          throw awsError('ValidationError', `No active Lifecycle Action found with instance ID ${id}`);
        }
        this.actions.set(id, 'gone');
        this.completions.push({ instanceId: id, result: input.LifecycleActionResult, token: input.LifecycleActionToken });
        if (this.completeLosesAnswer > 0) {
          this.completeLosesAnswer -= 1;
          throw awsError('TimeoutError', 'Connection timed out after 15000 ms');
        }
        return {};
      });
    this.autoScaling.on(DescribeAutoScalingInstancesCommand).callsFake((input: { InstanceIds?: string[] }) => ({
      AutoScalingInstances: (input.InstanceIds ?? []).flatMap((id) => {
        const known = this.instanceStates.get(id);
        if (known === 'gone') return [];
        const group = known?.group ?? [...this.groups.keys()][0] ?? 'unknown';
        const state = known?.state ?? (this.actions.get(id) === 'pending' ? 'Terminating:Wait' : 'Terminating:Proceed');
        return [{ InstanceId: id, AutoScalingGroupName: group, LifecycleState: state, AvailabilityZone: 'us-east-1a', HealthStatus: 'HEALTHY', ProtectedFromScaleIn: false }];
      }),
    }));

    this.ec2.on(CreateImageCommand).callsFake((input: { InstanceId?: string; Name?: string; TagSpecifications?: { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[] }) => {
      this.createImageCalls += 1;
      if ([...this.images.values()].some((i) => i.image.Name === input.Name)) {
        throw awsError('InvalidAMIName.Duplicate', `AMI name ${input.Name} is already in use by AMI ami-xxxx`);
      }
      const imageId = `ami-0f00d${String(this.nextImage++).padStart(12, '0')}`;
      const tags = input.TagSpecifications?.find((t) => t.ResourceType === 'image')?.Tags ?? [];
      this.images.set(imageId, {
        image: { ImageId: imageId, Name: input.Name, State: 'pending', Tags: tags },
        pendingPolls: this.imagePendingPolls,
        finalState: this.imageFinalState,
        stateReason: this.imageStateReason,
      });
      if (this.createImageLosesAnswer > 0) {
        this.createImageLosesAnswer -= 1;
        throw awsError('TimeoutError', 'Connection timed out after 60000 ms');
      }
      return { ImageId: imageId };
    });
    this.ec2.on(DescribeImagesCommand).callsFake((input: { ImageIds?: string[]; Filters?: { Name?: string; Values?: string[] }[] }) => {
      if (input.ImageIds) {
        const found = input.ImageIds.map((id) => this.images.get(id)).filter((i): i is FakeImage => Boolean(i));
        for (const entry of found) {
          if (entry.pendingPolls > 0) entry.pendingPolls -= 1;
          else {
            entry.image.State = entry.finalState;
            if (entry.stateReason) entry.image.StateReason = { Code: 'Client.Error', Message: entry.stateReason };
          }
        }
        return { Images: found.map((i) => ({ ...i.image })) };
      }
      const matches = [...this.images.values()].filter((entry) =>
        (input.Filters ?? []).every((filter) => {
          if (filter.Name === 'name') return filter.Values?.includes(entry.image.Name ?? '');
          if (filter.Name?.startsWith('tag:')) {
            const key = filter.Name.slice(4);
            return entry.image.Tags?.some((t) => t.Key === key && filter.Values?.includes(t.Value ?? ''));
          }
          return false;
        }),
      );
      return { Images: matches.map((i) => ({ ...i.image })) };
    });
    this.ec2.on(DescribeInstancesCommand).callsFake((input: { InstanceIds?: string[] }) => ({
      Reservations: [{ Instances: (input.InstanceIds ?? []).map((id) => ({ InstanceId: id, PrivateDnsName: this.privateDnsName, Tags: [{ Key: 'Name', Value: 'web' }] })) }],
    }));

    this.ssm.on(ListCommandsCommand).callsFake((input: { InstanceId?: string }) => ({
      Commands: this.commands.filter((c) => c.InstanceIds?.includes(input.InstanceId ?? '')),
    }));
    this.ssm.on(SendCommandCommand).callsFake((input: { InstanceIds?: string[]; Comment?: string; Parameters?: Record<string, string[]> }) => {
      if (this.sendCommandError) throw this.sendCommandError;
      const command: Command = {
        CommandId: `cmd-${this.nextCommand++}`,
        InstanceIds: input.InstanceIds,
        Comment: input.Comment,
        Parameters: input.Parameters,
        DocumentName: 'AWS-RunShellScript',
      };
      this.commands.push(command);
      return { Command: command };
    });
    this.ssm.on(GetCommandInvocationCommand).callsFake(() => {
      const statuses = this.ssmScript.statuses;
      const status = statuses[Math.min(this.invocationPolls, statuses.length - 1)]!;
      this.invocationPolls += 1;
      return {
        Status: status,
        ResponseCode: this.ssmScript.responseCode ?? (status === 'Success' ? 0 : -1),
        StandardOutputContent: this.ssmScript.stdout,
        StandardErrorContent: this.ssmScript.stderr,
      };
    });

    this.sns.on(PublishCommand).callsFake((input: { Subject?: string; Message?: string }) => {
      this.published.push({ subject: input.Subject, message: JSON.parse(input.Message ?? '{}') as Record<string, unknown> });
      return { MessageId: `msg-${this.published.length}` };
    });
  }
}
