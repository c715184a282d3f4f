import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { acknowledge, acknowledgeWildcardResources, type ReasonedStatement } from './acknowledge';
import { Construct } from 'constructs';
import type { DeploySettings } from './deploy-settings';
import { importNetwork } from './network';
import type { RegionPlan } from './region-plan';

/** The bridge's runtime: Node.js 22, the LTS the bundle targets (tools/build-bridge.sh) and the worker image runs. */
export const BRIDGE_RUNTIME = Runtime.NODEJS_22_X;

export interface BridgeFunctionProps {
  plan: RegionPlan;
  settings: DeploySettings;
  /** The directory tools/build-bridge.sh wrote (index.js + fleet-config.json). */
  codeDirectory: string;
}

/**
 * The bridge Lambda (starters/bridge): the bundle tools/build-bridge.sh builds, with the
 * fleet configuration inside it. The Temporal API key reaches it by name only.
 */
export class BridgeFunction extends Construct {
  readonly function: LambdaFunction;
  /** The AWS calls the bridge code makes itself; none when no setting needs one (test/deploy/iam-proof.test.ts checks it). */
  readonly callsPolicy?: ManagedPolicy;

  constructor(scope: Construct, id: string, props: BridgeFunctionProps) {
    super(scope, id);
    const { plan, settings } = props;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: settings.bridge.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'fleet-workflows bridge: writes its logs, makes the calls in its calls policy',
    });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

    const apiKey = settings.temporal.apiKey;
    const calls: ReasonedStatement[] = [];
    if (apiKey && 'ssmParameterName' in apiKey) {
      calls.push({
        statement: new PolicyStatement({
          sid: 'TemporalApiKeyParameter',
          actions: ['ssm:GetParameter'],
          resources: [`arn:${Aws.PARTITION}:ssm:${plan.region}:${Aws.ACCOUNT_ID}:parameter/${apiKey.ssmParameterName.replace(/^\//, '')}`],
        }),
      });
    }
    if (apiKey && 'secretArn' in apiKey) {
      calls.push({
        statement: new PolicyStatement({ sid: 'TemporalApiKeySecret', actions: ['secretsmanager:GetSecretValue'], resources: [apiKey.secretArn] }),
        wildcardReason: 'The secret named in the deploy settings.',
      });
    }
    const mtlsSecretArn = settings.temporal.mtlsSecretArn;
    if (mtlsSecretArn) {
      calls.push({
        statement: new PolicyStatement({ sid: 'TemporalClientCertificate', actions: ['secretsmanager:GetSecretValue'], resources: [mtlsSecretArn] }),
        wildcardReason: 'The secret named in the deploy settings.',
      });
    }
    if (plan.bridgeLooksUpStacks) {
      // Lifecycle events carry no tags: stackName fleets need the group's stack tag, and
      // DescribeAutoScalingGroups accepts no resource-level scope.
      calls.push({
        statement: new PolicyStatement({
          sid: 'StackNameLookup',
          actions: ['autoscaling:DescribeAutoScalingGroups'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:RequestedRegion': plan.region } },
        }),
        wildcardReason: 'DescribeAutoScalingGroups supports no resource-level permissions; limited to this region by aws:RequestedRegion.',
      });
    }
    if (plan.features.goldenImage) {
      // CreateImage names its source instance, not its group: the bridge reads the instance's
      // aws:autoscaling:groupName tag to find the image's fleet (starters/bridge/source-group-lookup.ts).
      calls.push({
        statement: new PolicyStatement({
          sid: 'ImageSourceGroupLookup',
          actions: ['ec2:DescribeInstances'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:RequestedRegion': plan.region } },
        }),
        wildcardReason: 'DescribeInstances supports no resource-level permissions; limited to this region by aws:RequestedRegion.',
      });
    }
    if (calls.length > 0) {
      this.callsPolicy = new ManagedPolicy(this, 'CallsPolicy', {
        description: `fleet-workflows bridge in ${plan.region}: the calls starters/bridge makes`,
        statements: calls.map((c) => c.statement),
        roles: [role],
      });
      acknowledgeWildcardResources(this.callsPolicy, calls);
    }

    const networkSettings = settings.bridge.networks[plan.region];
    const network = networkSettings ? importNetwork(this, 'Network', networkSettings, `bridge.networks.${plan.region}`) : undefined;
    this.function = new LambdaFunction(this, 'Function', {
      description: 'fleet-workflows bridge: AWS events to Temporal workflow starts',
      runtime: BRIDGE_RUNTIME,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromAsset(props.codeDirectory),
      role,
      logGroup,
      memorySize: settings.bridge.memoryMiB,
      // Each start waits BRIDGE_START_TIMEOUT_MS (5 s); a batch of ten SQS records fits with room.
      timeout: Duration.seconds(30),
      reservedConcurrentExecutions: settings.bridge.reservedConcurrency,
      environment: {
        TEMPORAL_ADDRESS: settings.temporal.address,
        TEMPORAL_NAMESPACE: settings.temporal.namespace,
        TEMPORAL_TASK_QUEUE: plan.taskQueue,
        ...(apiKey && 'ssmParameterName' in apiKey ? { TEMPORAL_API_KEY_SSM_PARAMETER: apiKey.ssmParameterName } : {}),
        ...(apiKey && 'secretArn' in apiKey ? { TEMPORAL_API_KEY_SECRET_ARN: apiKey.secretArn } : {}),
        ...(mtlsSecretArn ? { TEMPORAL_TLS_CLIENT_SECRET_ARN: mtlsSecretArn } : {}),
        // Source maps make a stack trace in the logs name the TypeScript line.
        NODE_OPTIONS: '--enable-source-maps',
      },
      ...(network ? { vpc: network.vpc, vpcSubnets: network.subnets, securityGroups: network.securityGroups } : {}),
    });
    if (network) {
      acknowledge(
        role,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        'AWSLambdaVPCAccessExecutionRole is the AWS-maintained minimum for a Lambda in a VPC (its network interfaces).',
      );
    }
    if (BRIDGE_RUNTIME === Runtime.NODEJS_22_X) {
      acknowledge(this.function, 'AwsSolutions-L1', 'nodejs22.x is a supported LTS runtime (deprecation 2027-04-30); the bundle targets Node 22 and the worker image runs Node 22, so both run one Node major.');
    }
  }
}
