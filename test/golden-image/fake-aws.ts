// A small in-memory model of one region's EC2 images, launch templates, SSM parameters and
// Auto Scaling groups, answering the real AWS SDK clients through aws-sdk-client-mock, so the
// workflow tests run the real activity code against state that changes like AWS's does.
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  StartInstanceRefreshCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingClientResolvedConfig,
  type AutoScalingGroup,
  type ServiceInputTypes as AutoScalingInput,
  type ServiceOutputTypes as AutoScalingOutput,
  type UpdateAutoScalingGroupCommandInput,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeImagesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  ModifyLaunchTemplateCommand,
  type EC2ClientResolvedConfig,
  type ServiceInputTypes as Ec2Input,
  type ServiceOutputTypes as Ec2Output,
  type CreateLaunchTemplateVersionCommandInput,
} from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import {
  PublishCommand,
  SNSClient,
  type ServiceInputTypes as SnsInput,
  type ServiceOutputTypes as SnsOutput,
  type SNSClientResolvedConfig,
} from '@aws-sdk/client-sns';
import {
  GetParameterCommand,
  SSMClient,
  type ServiceInputTypes as SsmInput,
  type ServiceOutputTypes as SsmOutput,
  type SSMClientResolvedConfig,
} from '@aws-sdk/client-ssm';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { AwsClients, AwsClientsForRegion } from '../../activities/aws-clients';

export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });
}

export interface FakeVersion {
  versionNumber: number;
  imageId?: string;
  description?: string;
}

export interface FakeTemplate {
  id: string;
  name: string;
  versions: FakeVersion[];
  defaultVersion: number;
  /** ClientToken → version it created, as EC2 remembers it. */
  tokens: Map<string, number>;
  /** Versions EC2 refuses to delete, with the per-version error it reports. */
  undeletable: Map<number, { code: string; message: string }>;
}

interface InjectedFailure {
  error: Error;
  /** Fail after the change was applied: the call worked but its answer was lost. */
  afterApply: boolean;
}

interface FakeRefresh {
  id: string;
  group: string;
  status: string;
  percentageComplete: number;
  polls: number;
}

/** A call held inside the fake until the test lets it go, so a test can act while an activity is mid-call. */
export interface HeldCall {
  /** Resolves once the call has arrived. */
  reached: Promise<void>;
  release(): void;
}

export class FakeAwsRegion {
  readonly images = new Map<string, { state: string; reason?: string; creationDate?: string }>();
  readonly parameters = new Map<string, string>();
  readonly templates = new Map<string, FakeTemplate>();
  readonly groups: AutoScalingGroup[] = [];
  readonly refreshes: FakeRefresh[] = [];
  /** Items per page of paginated answers, small in tests that prove pagination. */
  pageSize = 200;
  readonly clients: AwsClients;
  readonly ec2: AwsStub<Ec2Input, Ec2Output, EC2ClientResolvedConfig>;
  readonly autoScaling: AwsStub<AutoScalingInput, AutoScalingOutput, AutoScalingClientResolvedConfig>;
  readonly ssm: AwsStub<SsmInput, SsmOutput, SSMClientResolvedConfig>;
  readonly sns: AwsStub<SnsInput, SnsOutput, SNSClientResolvedConfig>;
  /** Messages published to SNS, parsed. */
  readonly published: { topicArn?: string; subject?: string; message: Record<string, unknown> }[] = [];
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly holds = new Map<string, { arrived: () => void; released: Promise<void> }[]>();
  private refreshCounter = 0;

  constructor(readonly region: string) {
    this.clients = {
      autoScaling: new AutoScalingClient({ region }),
      ec2: new EC2Client({ region }),
      ecs: new ECSClient({ region }),
      ssm: new SSMClient({ region }),
      sns: new SNSClient({ region }),
    };
    this.ec2 = mockClient(this.clients.ec2);
    this.autoScaling = mockClient(this.clients.autoScaling);
    this.ssm = mockClient(this.clients.ssm);
    this.sns = mockClient(this.clients.sns);
    this.wire();
  }

  addTemplate(id: string, name: string, images: (string | undefined)[], defaultVersion = images.length): FakeTemplate {
    const template: FakeTemplate = {
      id,
      name,
      versions: images.map((imageId, i) => ({ versionNumber: i + 1, imageId, description: 'initial' })),
      defaultVersion,
      tokens: new Map(),
      undeletable: new Map(),
    };
    this.templates.set(id, template);
    return template;
  }

  versionNumbers(templateId: string): number[] {
    return this.template(templateId).versions.map((v) => v.versionNumber);
  }

  failNext(command: string, error: Error, afterApply = false): void {
    const queue = this.failures.get(command) ?? [];
    queue.push({ error, afterApply });
    this.failures.set(command, queue);
  }

  /** The next call of `command` waits (before it changes anything) until `release()`. */
  holdNext(command: string): HeldCall {
    let arrived = () => {};
    let release = () => {};
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const queue = this.holds.get(command) ?? [];
    queue.push({ arrived, released });
    this.holds.set(command, queue);
    return { reached, release };
  }

  /** Every AWS call this region received. */
  callCount(): number {
    return this.ec2.calls().length + this.autoScaling.calls().length + this.ssm.calls().length;
  }

  private template(id: string): FakeTemplate {
    const template = this.templates.get(id);
    if (!template) throw awsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
    return template;
  }

  private handle<I, O>(command: string, apply: (input: I) => O): (input: I) => O | Promise<O> {
    const answer = (input: I) => {
      const failure = this.failures.get(command)?.shift();
      if (failure && !failure.afterApply) throw failure.error;
      const output = apply(input);
      if (failure) throw failure.error;
      return output;
    };
    return (input: I) => {
      const hold = this.holds.get(command)?.shift();
      if (!hold) return answer(input);
      hold.arrived();
      return hold.released.then(() => answer(input));
    };
  }

  private page<T>(items: T[], nextToken: string | undefined, max: number | undefined): { items: T[]; next?: string } {
    const start = nextToken ? Number(nextToken) : 0;
    const size = Math.min(max ?? this.pageSize, this.pageSize);
    const end = start + size;
    return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
  }

  private wire(): void {
    this.sns.on(PublishCommand).callsFake(
      this.handle('Publish', (input: { TopicArn?: string; Subject?: string; Message?: string }) => {
        this.published.push({ topicArn: input.TopicArn, subject: input.Subject, message: JSON.parse(input.Message ?? '{}') });
        return { MessageId: `message-${this.published.length}` };
      }),
    );

    this.ec2.on(DescribeImagesCommand).callsFake(
      this.handle('DescribeImages', (input: { ImageIds?: string[] }) => {
        const id = input.ImageIds?.[0] ?? '';
        const image = this.images.get(id);
        if (!image) throw awsError('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`);
        return {
          Images: [
            {
              ImageId: id,
              State: image.state,
              CreationDate: image.creationDate,
              StateReason: image.reason ? { Code: image.state, Message: image.reason } : undefined,
            },
          ],
        };
      }),
    );

    this.ssm.on(GetParameterCommand).callsFake(
      this.handle('GetParameter', (input: { Name?: string }) => {
        const value = this.parameters.get(input.Name ?? '');
        if (value === undefined) throw awsError('ParameterNotFound', '');
        return { Parameter: { Name: input.Name, Type: 'String', Value: value } };
      }),
    );

    this.ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake(
      this.handle('DescribeLaunchTemplateVersions', (input: { LaunchTemplateId?: string; NextToken?: string; MaxResults?: number }) => {
        const template = this.template(input.LaunchTemplateId ?? '');
        const newestFirst = [...template.versions].sort((a, b) => b.versionNumber - a.versionNumber);
        const { items, next } = this.page(newestFirst, input.NextToken, input.MaxResults);
        return {
          LaunchTemplateVersions: items.map((v) => ({
            LaunchTemplateId: template.id,
            LaunchTemplateName: template.name,
            VersionNumber: v.versionNumber,
            VersionDescription: v.description,
            DefaultVersion: v.versionNumber === template.defaultVersion,
            LaunchTemplateData: { ImageId: v.imageId, InstanceType: 't3.small' },
          })),
          NextToken: next,
        };
      }),
    );

    this.ec2.on(CreateLaunchTemplateVersionCommand).callsFake(
      this.handle('CreateLaunchTemplateVersion', (input: CreateLaunchTemplateVersionCommandInput) => {
        const template = this.template(input.LaunchTemplateId ?? '');
        const existing = input.ClientToken ? template.tokens.get(input.ClientToken) : undefined;
        if (existing !== undefined) {
          return { LaunchTemplateVersion: { LaunchTemplateId: template.id, VersionNumber: existing } };
        }
        if (input.SourceVersion !== '$Latest') throw new Error(`fake expects SourceVersion $Latest, got ${input.SourceVersion}`);
        const versionNumber = Math.max(0, ...template.versions.map((v) => v.versionNumber)) + 1;
        template.versions.push({ versionNumber, imageId: input.LaunchTemplateData?.ImageId, description: input.VersionDescription });
        if (input.ClientToken) template.tokens.set(input.ClientToken, versionNumber);
        return { LaunchTemplateVersion: { LaunchTemplateId: template.id, VersionNumber: versionNumber } };
      }),
    );

    this.ec2.on(ModifyLaunchTemplateCommand).callsFake(
      this.handle('ModifyLaunchTemplate', (input: { LaunchTemplateId?: string; DefaultVersion?: string }) => {
        const template = this.template(input.LaunchTemplateId ?? '');
        const version = Number(input.DefaultVersion);
        if (!template.versions.some((v) => v.versionNumber === version)) {
          throw awsError('InvalidLaunchTemplateId.VersionNotFound', `version ${input.DefaultVersion} not found`);
        }
        template.defaultVersion = version;
        return { LaunchTemplate: { LaunchTemplateId: template.id, DefaultVersionNumber: version } };
      }),
    );

    this.ec2.on(DeleteLaunchTemplateVersionsCommand).callsFake(
      this.handle('DeleteLaunchTemplateVersions', (input: { LaunchTemplateId?: string; Versions?: string[] }) => {
        const template = this.template(input.LaunchTemplateId ?? '');
        const ok: { VersionNumber: number }[] = [];
        const failed: { VersionNumber: number; ResponseError: { Code: string; Message: string } }[] = [];
        for (const raw of input.Versions ?? []) {
          const n = Number(raw);
          const refusal = template.undeletable.get(n);
          if (n === template.defaultVersion) {
            failed.push({ VersionNumber: n, ResponseError: { Code: 'launchTemplateVersionIsDefault', Message: 'default' } });
          } else if (refusal) {
            failed.push({ VersionNumber: n, ResponseError: { Code: refusal.code, Message: refusal.message } });
          } else if (!template.versions.some((v) => v.versionNumber === n)) {
            failed.push({ VersionNumber: n, ResponseError: { Code: 'launchTemplateVersionDoesNotExist', Message: 'gone' } });
          } else {
            template.versions = template.versions.filter((v) => v.versionNumber !== n);
            ok.push({ VersionNumber: n });
          }
        }
        return { SuccessfullyDeletedLaunchTemplateVersions: ok, UnsuccessfullyDeletedLaunchTemplateVersions: failed };
      }),
    );

    this.autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake(
      this.handle('DescribeAutoScalingGroups', (input: { AutoScalingGroupNames?: string[]; NextToken?: string; MaxRecords?: number }) => {
        const names = input.AutoScalingGroupNames;
        const matching = names ? this.groups.filter((g) => names.includes(g.AutoScalingGroupName ?? '')) : this.groups;
        const { items, next } = this.page(structuredClone(matching), input.NextToken, input.MaxRecords);
        return { AutoScalingGroups: items, NextToken: next };
      }),
    );

    this.autoScaling.on(UpdateAutoScalingGroupCommand).callsFake(
      this.handle('UpdateAutoScalingGroup', (input: UpdateAutoScalingGroupCommandInput) => {
        const group = this.groups.find((g) => g.AutoScalingGroupName === input.AutoScalingGroupName);
        if (!group) throw awsError('ValidationError', `AutoScalingGroup name not found - ${input.AutoScalingGroupName}`);
        if (input.LaunchTemplate) {
          if (group.MixedInstancesPolicy) throw awsError('ValidationError', 'group has a mixed instances policy');
          group.LaunchTemplate = { ...input.LaunchTemplate };
          delete group.LaunchConfigurationName;
        }
        const spec = input.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
        if (spec) {
          const mixed = group.MixedInstancesPolicy?.LaunchTemplate;
          if (!mixed) throw awsError('ValidationError', 'group has no mixed instances policy');
          // Like Auto Scaling: only the properties sent change.
          mixed.LaunchTemplateSpecification = { ...mixed.LaunchTemplateSpecification, ...spec };
        }
        return {};
      }),
    );

    this.autoScaling.on(StartInstanceRefreshCommand).callsFake(
      this.handle('StartInstanceRefresh', (input: { AutoScalingGroupName?: string }) => {
        const group = input.AutoScalingGroupName ?? '';
        if (this.refreshes.some((r) => r.group === group && (r.status === 'Pending' || r.status === 'InProgress'))) {
          throw awsError('InstanceRefreshInProgressFault', 'An Instance Refresh is already in progress');
        }
        this.refreshCounter += 1;
        const refresh = { id: `refresh-${this.refreshCounter}`, group, status: 'Pending', percentageComplete: 0, polls: 0 };
        this.refreshes.push(refresh);
        return { InstanceRefreshId: refresh.id };
      }),
    );

    this.autoScaling.on(DescribeInstanceRefreshesCommand).callsFake(
      this.handle('DescribeInstanceRefreshes', (input: { AutoScalingGroupName?: string; InstanceRefreshIds?: string[] }) => {
        const ids = input.InstanceRefreshIds;
        const found = this.refreshes.filter((r) => r.group === input.AutoScalingGroupName && (!ids || ids.includes(r.id)));
        for (const refresh of found) {
          if (!ids) continue;
          // Each poll moves the refresh along: Pending → InProgress 50% → Successful.
          refresh.polls += 1;
          if (refresh.polls === 1) Object.assign(refresh, { status: 'InProgress', percentageComplete: 50 });
          else if (refresh.polls >= 2) Object.assign(refresh, { status: 'Successful', percentageComplete: 100 });
        }
        return {
          InstanceRefreshes: found.map((r) => ({
            InstanceRefreshId: r.id,
            AutoScalingGroupName: r.group,
            Status: r.status,
            PercentageComplete: r.percentageComplete,
          })),
        };
      }),
    );
  }
}

/** Each region answers from its own fake; a region nobody set up is a test bug, said loudly. */
export function clientsForRegions(...regions: FakeAwsRegion[]): AwsClientsForRegion {
  return (region?: string) => {
    const fake = regions.find((r) => r.region === region);
    if (!fake) throw new Error(`no fake AWS for region ${String(region)}`);
    return fake.clients;
  };
}
