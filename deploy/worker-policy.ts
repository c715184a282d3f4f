import { Aws } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { acknowledgeWildcardResources, type ReasonedStatement } from './acknowledge';
import { Construct } from 'constructs';
import type { RegionPlan } from './region-plan';

/**
 * Exactly the AWS calls the worker's activities make for the features this region's fleets
 * use, one statement per feature (its Sid names it), scoped as far as each API allows.
 * test/deploy/iam-proof.test.ts compares these actions with what the activities sent
 * through the simulator.
 */
export interface WorkerPolicyProps {
  plan: RegionPlan;
  /** Roles of the launch templates' instance profiles, for UpdateAutoScalingGroup's PassRole check. */
  instanceRoleArns?: string[];
}

/** Actions no activity sends, that AWS checks on the caller's behalf; test/deploy/iam-proof.test.ts allows exactly these. */
export const AUTHORIZATION_ONLY_ACTIONS: Record<string, string> = {
  'ec2:CreateTags': 'CreateImage tags the image and snapshots in the same call (TagSpecifications), which AWS authorizes as ec2:CreateTags',
  'ec2:RunInstances': 'UpdateAutoScalingGroup with a launch template checks that the caller may launch from it',
  'iam:PassRole': 'the same check covers the launch template instance profile role',
};

export class WorkerPolicy extends Construct {
  readonly policy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: WorkerPolicyProps) {
    super(scope, id);
    const { plan } = props;
    const f = plan.features;
    const arn = (service: string, resource: string, account: string = Aws.ACCOUNT_ID) => `arn:${Aws.PARTITION}:${service}:${plan.region}:${account}:${resource}`;
    const statements: ReasonedStatement[] = [];
    const add = (wildcardReason: string | undefined, ...added: PolicyStatement[]) => {
      for (const statement of added) statements.push({ statement, wildcardReason });
    };
    const describeOnly = 'Describe and List calls support no resource-level permissions; limited to this region by aws:RequestedRegion.';
    const fleetGroups = 'The fleet configuration selects groups by name prefix or glob (IAM wildcards mean the same) or by CloudFormation stack (then the stack-name tag condition scopes it).';
    const groupArns = plan.groupNameGlobs.map((name) => arn('autoscaling', `autoScalingGroup:*:autoScalingGroupName/${name}`));
    // Describe calls accept no resource-level scope; the region condition is the narrowest AWS offers.
    const inRegion = { StringEquals: { 'aws:RequestedRegion': plan.region } };

    const onFleetGroups = (sid: string, actions: string[]) => {
      if (groupArns.length > 0) add(fleetGroups, new PolicyStatement({ sid, actions, resources: groupArns }));
      if (plan.stackNames.length > 0) {
        add(
          fleetGroups,
          new PolicyStatement({
            sid: `${sid}ByStack`,
            actions,
            resources: [arn('autoscaling', 'autoScalingGroup:*:autoScalingGroupName/*')],
            conditions: { StringEquals: { 'aws:ResourceTag/aws:cloudformation:stack-name': plan.stackNames } },
          }),
        );
      }
    };

    if (f.launchGate || f.terminate) {
      onFleetGroups('LifecycleActions', ['autoscaling:CompleteLifecycleAction', 'autoscaling:RecordLifecycleActionHeartbeat']);
    }
    const autoScalingReads = [
      // DescribeAutoScalingInstances: a retried completion whose first reply was lost reads the instance's state.
      ...(f.launchGate || f.terminate ? ['autoscaling:DescribeLifecycleHooks', 'autoscaling:DescribeAutoScalingInstances'] : []),
      ...(f.terminate ? ['autoscaling:DescribeScalingActivities'] : []),
      ...(f.terminate || f.pinLatest || f.instanceRefresh ? ['autoscaling:DescribeAutoScalingGroups'] : []),
      ...(f.instanceRefresh ? ['autoscaling:DescribeInstanceRefreshes'] : []),
    ];
    if (autoScalingReads.length > 0) add(describeOnly, new PolicyStatement({ sid: 'AutoScalingReads', actions: autoScalingReads, resources: ['*'], conditions: inRegion }));

    const ec2Reads = [
      // The golden image reads its source instance's group (activities/golden-image/image-source.ts).
      ...(f.launchGate || f.drain || f.goldenImage ? ['ec2:DescribeInstances'] : []),
      ...(f.forensics || f.goldenImage ? ['ec2:DescribeImages'] : []),
      ...(f.goldenImage ? ['ec2:DescribeLaunchTemplateVersions'] : []),
    ];
    if (ec2Reads.length > 0) add(describeOnly, new PolicyStatement({ sid: 'Ec2Reads', actions: ec2Reads, resources: ['*'], conditions: inRegion }));

    if (f.forensics) {
      add(
        'CreateImage names a new image and snapshots whose ids do not exist yet, of whichever fleet instance is terminating; tagging is limited to that call by ec2:CreateAction=CreateImage.',
        new PolicyStatement({
          sid: 'ForensicImage',
          actions: ['ec2:CreateImage'],
          resources: [arn('ec2', 'image/*', ''), arn('ec2', 'instance/*'), arn('ec2', 'snapshot/*', '')],
        }),
        new PolicyStatement({
          sid: 'ForensicImageTags',
          actions: ['ec2:CreateTags'],
          resources: [arn('ec2', 'image/*', ''), arn('ec2', 'snapshot/*', '')],
          conditions: { StringEquals: { 'ec2:CreateAction': 'CreateImage' } },
        }),
      );
    }

    if (f.drain) {
      add(
        'The drain runs on whichever fleet instance is terminating; the documents are named exactly.',
        new PolicyStatement({
          sid: 'DrainSendCommand',
          actions: ['ssm:SendCommand'],
          resources: [...plan.drainDocuments.map((doc) => arn('ssm', `document/${doc}`, '')), arn('ec2', 'instance/*')],
        }),
      );
      add(describeOnly, new PolicyStatement({ sid: 'DrainCommandStatus', actions: ['ssm:ListCommands', 'ssm:GetCommandInvocation'], resources: ['*'], conditions: inRegion }));
    }

    if (plan.ssmParameterNames.length > 0) {
      add(
        undefined,
        new PolicyStatement({
          sid: 'ConfiguredParameters',
          actions: ['ssm:GetParameter'],
          resources: plan.ssmParameterNames.map((name) => arn('ssm', `parameter/${name.replace(/^\//, '')}`)),
        }),
      );
    }

    if (f.goldenImage) {
      add(
        'The launch template id is read from an SSM parameter at run time, so it is not known at deploy time.',
        new PolicyStatement({
          sid: 'GoldenImageTemplates',
          actions: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate', 'ec2:DeleteLaunchTemplateVersions'],
          resources: [arn('ec2', 'launch-template/*')],
        }),
      );
    }
    if (f.instanceRefresh) onFleetGroups('GoldenImageRefresh', ['autoscaling:StartInstanceRefresh']);

    if (f.pinLatest) {
      onFleetGroups('PinLatest', ['autoscaling:UpdateAutoScalingGroup']);
      add(
        "Auto Scaling's launch-permission check names every resource of a launch; the ec2:LaunchTemplate condition limits it to this account's templates in this region.",
        new PolicyStatement({
          sid: 'PinLatestLaunchCheck',
          actions: ['ec2:RunInstances'],
          resources: ['*'],
          conditions: { ArnLike: { 'ec2:LaunchTemplate': arn('ec2', 'launch-template/*') } },
        }),
      );
      if (props.instanceRoleArns && props.instanceRoleArns.length > 0) {
        add(
          'Only the instance roles named in the deploy settings.',
          new PolicyStatement({
            sid: 'PinLatestInstanceRole',
            actions: ['iam:PassRole'],
            resources: props.instanceRoleArns,
            conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
          }),
        );
      }
    }

    if (plan.snsTopicArns.length > 0) {
      add('Only the topics named in the fleet configuration.', new PolicyStatement({ sid: 'Notifications', actions: ['sns:Publish'], resources: plan.snsTopicArns }));
    }

    if (f.ecs) {
      add(
        'The plans name services of these clusters; a new service of a planned cluster needs no redeploy.',
        new PolicyStatement({
          sid: 'EcsPlans',
          actions: ['ecs:DescribeServices', 'ecs:UpdateService', 'ecs:TagResource'],
          resources: plan.ecsClusters.map((cluster) => arn('ecs', `service/${cluster}/*`)),
        }),
      );
    }

    this.policy = new ManagedPolicy(this, 'Policy', {
      description: `fleet-workflows worker in ${plan.region}: the calls its activities make, per feature`,
      statements: statements.map((s) => s.statement),
    });
    acknowledgeWildcardResources(this.policy, statements);
  }
}
