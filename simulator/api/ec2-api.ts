import type {
  CreateImageCommandInput,
  CreateImageCommandOutput,
  CreateLaunchTemplateCommandInput,
  CreateLaunchTemplateCommandOutput,
  CreateLaunchTemplateVersionCommandInput,
  CreateLaunchTemplateVersionCommandOutput,
  CreateTagsCommandInput,
  CreateTagsCommandOutput,
  DeleteLaunchTemplateVersionsCommandInput,
  DeleteLaunchTemplateVersionsCommandOutput,
  DescribeImagesCommandInput,
  DescribeImagesCommandOutput,
  DescribeInstancesCommandInput,
  DescribeInstancesCommandOutput,
  DescribeLaunchTemplatesCommandInput,
  DescribeLaunchTemplatesCommandOutput,
  DescribeLaunchTemplateVersionsCommandInput,
  DescribeLaunchTemplateVersionsCommandOutput,
  Image,
  Instance,
  LaunchTemplate,
  LaunchTemplateVersion,
  ModifyLaunchTemplateCommandInput,
  ModifyLaunchTemplateCommandOutput,
  ResponseLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import type { Fleet } from '../fleet/fleet';
import type { SimImage } from '../fleet/images';
import { privateDnsName, stateCode, type SimInstance } from '../fleet/instances';
import type { SimLaunchTemplate, TemplateVersion } from '../fleet/launch-templates';
import { SimError } from '../wire/errors';
import { matchesFilters, tagsFor } from './filters';
import { op, type ServiceApi } from './handler';

function instanceShape(instance: SimInstance, accountId: string): Instance {
  const gone = instance.state === 'terminated';
  const eni = `eni-${instance.instanceId.slice(2)}`;
  const volume = `vol-${instance.instanceId.slice(2)}`;
  const group = { GroupId: 'sg-0simulated000000', GroupName: 'fleet-simulator' };
  return {
    InstanceId: instance.instanceId,
    ImageId: instance.imageId,
    InstanceType: instance.instanceType as Instance['InstanceType'],
    State: { Code: stateCode(instance.state), Name: instance.state },
    StateTransitionReason: gone ? 'User initiated' : '',
    StateReason: gone ? { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' } : undefined,
    // Loopback only: no public address is ever handed out.
    PrivateIpAddress: gone ? undefined : instance.privateIpAddress,
    PrivateDnsName: gone ? '' : privateDnsName(instance.privateIpAddress, instance.region),
    PublicDnsName: '',
    LaunchTime: instance.launchTime,
    AmiLaunchIndex: 0,
    ClientToken: '',
    Placement: { AvailabilityZone: instance.availabilityZone, GroupName: '', Tenancy: 'default' },
    Monitoring: { State: 'disabled' },
    SubnetId: 'subnet-0simulated00000',
    VpcId: 'vpc-0simulated0000000',
    Architecture: 'x86_64',
    Hypervisor: 'xen',
    EbsOptimized: false,
    SourceDestCheck: true,
    SriovNetSupport: 'simple',
    ProductCodes: [],
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    VirtualizationType: 'hvm',
    HibernationOptions: { Configured: false },
    MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
    SecurityGroups: [group],
    BlockDeviceMappings: gone
      ? []
      : [{ DeviceName: '/dev/xvda', Ebs: { AttachTime: instance.launchTime, DeleteOnTermination: true, Status: 'attached', VolumeId: volume } }],
    NetworkInterfaces: gone
      ? []
      : [
          {
            NetworkInterfaceId: eni,
            InterfaceType: 'interface',
            OwnerId: accountId,
            Description: 'Primary network interface',
            Status: 'in-use',
            MacAddress: '02:00:00:00:00:01',
            PrivateIpAddress: instance.privateIpAddress,
            PrivateDnsName: privateDnsName(instance.privateIpAddress, instance.region),
            SourceDestCheck: true,
            SubnetId: 'subnet-0simulated00000',
            VpcId: 'vpc-0simulated0000000',
            Groups: [group],
            Ipv6Addresses: [],
            Attachment: { AttachmentId: `eni-attach-${instance.instanceId.slice(2)}`, AttachTime: instance.launchTime, DeleteOnTermination: true, DeviceIndex: 0, NetworkCardIndex: 0, Status: 'attached' },
            PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: instance.privateIpAddress, PrivateDnsName: privateDnsName(instance.privateIpAddress, instance.region) }],
          },
        ],
    Tags: instance.tags,
  };
}

function imageShape(image: SimImage, accountId: string): Image {
  return {
    ImageId: image.imageId,
    ImageLocation: `${accountId}/${image.name}`,
    State: image.state,
    OwnerId: accountId,
    CreationDate: image.creationDate.toISOString(),
    Public: false,
    Architecture: 'x86_64',
    ImageType: 'machine',
    Name: image.name,
    Description: image.description,
    RootDeviceType: 'ebs',
    RootDeviceName: '/dev/xvda',
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    BootMode: 'uefi-preferred',
    SourceInstanceId: image.sourceInstanceId,
    ProductCodes: [],
    BlockDeviceMappings: [
      { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, SnapshotId: `snap-${image.imageId.slice(4)}`, VolumeSize: 8, VolumeType: 'gp3', Encrypted: false } },
    ],
    Tags: image.tags,
    StateReason: image.stateReason,
  };
}

function templateShape(template: SimLaunchTemplate, accountId: string): LaunchTemplate {
  return {
    LaunchTemplateId: template.id,
    LaunchTemplateName: template.name,
    CreateTime: template.createTime,
    CreatedBy: `arn:aws:iam::${accountId}:root`,
    DefaultVersionNumber: template.defaultVersion,
    LatestVersionNumber: template.latestVersion,
    Tags: template.tags,
  };
}

function versionShape(template: SimLaunchTemplate, version: TemplateVersion, accountId: string): LaunchTemplateVersion {
  return {
    LaunchTemplateId: template.id,
    LaunchTemplateName: template.name,
    VersionNumber: version.versionNumber,
    VersionDescription: version.description,
    CreateTime: version.createTime,
    CreatedBy: `arn:aws:iam::${accountId}:root`,
    DefaultVersion: version.versionNumber === template.defaultVersion,
    // Request and response launch template data share the fields the product uses.
    LaunchTemplateData: version.data as ResponseLaunchTemplateData,
  };
}

export function createEc2Api(fleet: Fleet): ServiceApi {
  const { instances, images, launchTemplates } = fleet;
  const accountId = fleet.ctx.accountId;

  return {
    DescribeInstances: op<DescribeInstancesCommandInput, DescribeInstancesCommandOutput>((input, call) => {
      const ids = input.InstanceIds ?? [];
      for (const id of ids) instances.require(id, call.region);
      const found = [...instances.byId.values()].filter(
        (i) =>
          i.region === call.region &&
          (ids.length === 0 || ids.includes(i.instanceId)) &&
          matchesFilters(input.Filters, i.tags, (name) => {
            switch (name) {
              case 'instance-id': return [i.instanceId];
              case 'instance-state-name': return [i.state];
              case 'instance-state-code': return [String(stateCode(i.state))];
              case 'private-ip-address': return [i.privateIpAddress];
              case 'private-dns-name': return [privateDnsName(i.privateIpAddress, i.region)];
              case 'image-id': return [i.imageId];
              case 'instance-type': return [i.instanceType];
              case 'availability-zone': return [i.availabilityZone];
              default: return undefined;
            }
          }),
      );
      return {
        Reservations: found.map((instance) => ({
          ReservationId: `r-${instance.instanceId.slice(2)}`,
          OwnerId: accountId,
          Groups: [],
          Instances: [instanceShape(instance, accountId)],
        })),
      };
    }),

    CreateImage: op<CreateImageCommandInput, CreateImageCommandOutput>((input, call) => {
      const image = images.create(
        {
          instanceId: input.InstanceId ?? '',
          name: input.Name ?? '',
          description: input.Description,
          noReboot: input.NoReboot,
          tags: tagsFor(input.TagSpecifications, 'image'),
        },
        call,
      );
      return { ImageId: image.imageId };
    }),

    DescribeImages: op<DescribeImagesCommandInput, DescribeImagesCommandOutput>((input, call) => {
      const ids = input.ImageIds ?? [];
      for (const id of ids) images.require(id, call.region);
      const owners = input.Owners ?? [];
      const found = [...images.byId.values()].filter(
        (image) =>
          image.region === call.region &&
          (ids.length === 0 || ids.includes(image.imageId)) &&
          (owners.length === 0 || owners.some((o) => o === 'self' || o === accountId)) &&
          matchesFilters(input.Filters, image.tags, (name) => {
            switch (name) {
              case 'image-id': return [image.imageId];
              case 'name': return [image.name];
              case 'state': return [image.state];
              case 'description': return image.description === undefined ? [] : [image.description];
              case 'owner-id': return [accountId];
              case 'source-instance-id': return image.sourceInstanceId === undefined ? [] : [image.sourceInstanceId];
              default: return undefined;
            }
          }),
      );
      return { Images: found.map((image) => imageShape(image, accountId)) };
    }),

    CreateTags: op<CreateTagsCommandInput, CreateTagsCommandOutput>((input, call) => {
      const tags = (input.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
      const targets = (input.Resources ?? []).map((id) => {
        if (id.startsWith('i-')) return instances.require(id, call.region).tags;
        if (id.startsWith('ami-')) return images.require(id, call.region).tags;
        if (id.startsWith('lt-')) return launchTemplates.resolve(call.region, { LaunchTemplateId: id }).tags;
        throw new SimError('InvalidID', `The ID '${id}' is not valid`);
      });
      for (const target of targets) {
        for (const tag of tags) {
          const existing = target.find((t) => t.Key === tag.Key);
          if (existing) existing.Value = tag.Value;
          else target.push({ ...tag });
        }
      }
      return {};
    }),

    CreateLaunchTemplate: op<CreateLaunchTemplateCommandInput, CreateLaunchTemplateCommandOutput>((input, call) => {
      const template = launchTemplates.create(
        call.region,
        input.LaunchTemplateName ?? '',
        input.LaunchTemplateData ?? {},
        input.VersionDescription,
        tagsFor(input.TagSpecifications, 'launch-template'),
      );
      return { LaunchTemplate: templateShape(template, accountId) };
    }),

    DescribeLaunchTemplates: op<DescribeLaunchTemplatesCommandInput, DescribeLaunchTemplatesCommandOutput>((input, call) => {
      const ids = input.LaunchTemplateIds ?? [];
      const names = input.LaunchTemplateNames ?? [];
      const found = [
        ...ids.map((id) => launchTemplates.resolve(call.region, { LaunchTemplateId: id })),
        ...names.map((name) => launchTemplates.resolve(call.region, { LaunchTemplateName: name })),
      ];
      const all = ids.length + names.length === 0 ? [...launchTemplates.byId.values()].filter((t) => t.region === call.region) : found;
      return { LaunchTemplates: all.map((t) => templateShape(t, accountId)) };
    }),

    CreateLaunchTemplateVersion: op<CreateLaunchTemplateVersionCommandInput, CreateLaunchTemplateVersionCommandOutput>((input, call) => {
      const template = launchTemplates.resolve(call.region, input);
      const version = launchTemplates.createVersion(template, {
        sourceVersion: input.SourceVersion,
        data: input.LaunchTemplateData ?? {},
        description: input.VersionDescription,
        clientToken: input.ClientToken,
      });
      return { LaunchTemplateVersion: versionShape(template, version, accountId) };
    }),

    ModifyLaunchTemplate: op<ModifyLaunchTemplateCommandInput, ModifyLaunchTemplateCommandOutput>((input, call) => {
      const template = launchTemplates.resolve(call.region, input);
      if (input.DefaultVersion !== undefined) launchTemplates.setDefault(template, input.DefaultVersion);
      return { LaunchTemplate: templateShape(template, accountId) };
    }),

    DescribeLaunchTemplateVersions: op<DescribeLaunchTemplateVersionsCommandInput, DescribeLaunchTemplateVersionsCommandOutput>((input, call) => {
      const template = launchTemplates.resolve(call.region, input);
      let versions: TemplateVersion[];
      if (input.Versions && input.Versions.length > 0) {
        versions = input.Versions.map((spec) => launchTemplates.version(template, spec));
      } else {
        const min = input.MinVersion !== undefined ? Number(input.MinVersion) : -Infinity;
        const max = input.MaxVersion !== undefined ? Number(input.MaxVersion) : Infinity;
        versions = [...template.versions.values()].filter((v) => v.versionNumber >= min && v.versionNumber <= max);
      }
      versions.sort((a, b) => b.versionNumber - a.versionNumber);
      return { LaunchTemplateVersions: versions.map((v) => versionShape(template, v, accountId)) };
    }),

    DeleteLaunchTemplateVersions: op<DeleteLaunchTemplateVersionsCommandInput, DeleteLaunchTemplateVersionsCommandOutput>((input, call) => {
      const template = launchTemplates.resolve(call.region, input);
      const outcomes = launchTemplates.deleteVersions(template, input.Versions ?? []);
      const ref = { LaunchTemplateId: template.id, LaunchTemplateName: template.name };
      return {
        SuccessfullyDeletedLaunchTemplateVersions: outcomes.filter((o) => !o.error).map((o) => ({ ...ref, VersionNumber: o.version })),
        UnsuccessfullyDeletedLaunchTemplateVersions: outcomes
          .filter((o) => o.error)
          .map((o) => ({ ...ref, VersionNumber: o.version, ResponseError: o.error as { Code: 'unexpectedError'; Message: string } })),
      };
    }),
  };
}
