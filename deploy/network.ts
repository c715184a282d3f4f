import { SecurityGroup, Subnet, Vpc, type ISecurityGroup, type IVpc, type SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge';
import type { NetworkSettings } from './deploy-settings';

/** An existing VPC from ids alone: synth stays offline (no `Vpc.fromLookup`, which needs credentials). */
export interface ImportedNetwork {
  vpc: IVpc;
  subnets: SubnetSelection;
  securityGroups: ISecurityGroup[];
}

export function importNetwork(scope: Construct, id: string, settings: NetworkSettings, field: string): ImportedNetwork {
  const holder = new Construct(scope, id);
  acknowledge(holder, 'Annotation::@aws-cdk/aws-ec2:noSubnetRouteTableId', 'Nothing here reads the subnets\' route tables: the VPC is only where the function or tasks run.');
  const vpc = Vpc.fromVpcAttributes(holder, 'Vpc', {
    vpcId: settings.vpcId,
    availabilityZones: settings.availabilityZones,
    privateSubnetIds: settings.subnetIds,
  });
  const subnets = {
    subnets: settings.subnetIds.map((subnetId, i) =>
      Subnet.fromSubnetAttributes(holder, `Subnet${i}`, { subnetId, availabilityZone: settings.availabilityZones[i] }),
    ),
  };
  const securityGroups = settings.securityGroupIds
    ? settings.securityGroupIds.map((sg, i) => SecurityGroup.fromSecurityGroupId(holder, `Sg${i}`, sg))
    : [new SecurityGroup(holder, 'OutboundOnly', { vpc, description: `fleet-workflows ${field}: outbound only`, allowAllOutbound: true })];
  return { vpc, subnets, securityGroups };
}
