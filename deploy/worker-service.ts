import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Repository } from 'aws-cdk-lib/aws-ecr';
import {
  Cluster,
  ContainerImage,
  ContainerInsights,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  Secret as EcsSecret,
  CpuArchitecture,
  OperatingSystemFamily,
} from 'aws-cdk-lib/aws-ecs';
import type { IManagedPolicy } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { acknowledge } from './acknowledge';
import { Construct } from 'constructs';
import type { DeploySettings, WorkerServiceSettings } from './deploy-settings';
import { importNetwork } from './network';
import type { RegionPlan } from './region-plan';

/** Fargate's ceiling for a container's stop timeout. */
const FARGATE_MAX_STOP_SECONDS = 120;
/** Time beyond the worker's shutdown grace for the runtime to close its connection and exit. */
const STOP_MARGIN_SECONDS = 15;

export interface WorkerServiceProps {
  plan: RegionPlan;
  settings: DeploySettings;
  service: WorkerServiceSettings;
  workerPolicy: IManagedPolicy;
  logRetentionDays: number;
}

/**
 * The worker image as an ECS Fargate service inside the fleet's VPC (the gate reaches the
 * instances' private IPs), with the worker policy on the task role, the Temporal key from
 * its secret, logs in CloudWatch and a health check on the worker's /readyz.
 */
export class WorkerService extends Construct {
  readonly service: FargateService;
  readonly taskDefinition: FargateTaskDefinition;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    const { plan, settings, service } = props;
    const network = importNetwork(this, 'Network', service.network, `worker.services.${plan.region}`);
    const cluster = new Cluster(this, 'Cluster', { vpc: network.vpc, containerInsightsV2: ContainerInsights.ENABLED });
    this.taskDefinition = new FargateTaskDefinition(this, 'Task', {
      cpu: service.cpu,
      memoryLimitMiB: service.memoryMiB,
      // The Temporal core bridge ships native binaries for both; arm64 costs less on Fargate.
      runtimePlatform: { cpuArchitecture: CpuArchitecture.ARM64, operatingSystemFamily: OperatingSystemFamily.LINUX },
    });
    this.taskDefinition.taskRole.addManagedPolicy(props.workerPolicy);

    const secrets: Record<string, EcsSecret> = {};
    const apiKey = settings.temporal.apiKey;
    if (apiKey && 'ssmParameterName' in apiKey) {
      secrets.TEMPORAL_API_KEY = EcsSecret.fromSsmParameter(
        StringParameter.fromSecureStringParameterAttributes(this, 'TemporalApiKeyParameter', { parameterName: apiKey.ssmParameterName }),
      );
    } else if (apiKey && 'secretArn' in apiKey) {
      secrets.TEMPORAL_API_KEY = EcsSecret.fromSecretsManager(Secret.fromSecretCompleteArn(this, 'TemporalApiKeySecret', apiKey.secretArn));
    }
    if (settings.temporal.mtlsSecretArn) {
      // The same {"cert", "key"} secret the bridge reads, as the standard envconfig variables.
      const mtls = Secret.fromSecretCompleteArn(this, 'TemporalClientCertificate', settings.temporal.mtlsSecretArn);
      secrets.TEMPORAL_TLS_CLIENT_CERT_DATA = EcsSecret.fromSecretsManager(mtls, 'cert');
      secrets.TEMPORAL_TLS_CLIENT_KEY_DATA = EcsSecret.fromSecretsManager(mtls, 'key');
    }
    Object.entries(service.secretEnvironment).forEach(([name, arn], i) => {
      secrets[name] = EcsSecret.fromSecretsManager(Secret.fromSecretCompleteArn(this, `Secret${i}`, arn));
    });

    const stopSeconds = Math.min(FARGATE_MAX_STOP_SECONDS, service.shutdownGraceSeconds + STOP_MARGIN_SECONDS);
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetentionDays, removalPolicy: RemovalPolicy.RETAIN });
    this.taskDefinition.addContainer('Worker', {
      image: workerImage(this, service.image),
      essential: true,
      environment: {
        ...service.environment,
        TEMPORAL_ADDRESS: settings.temporal.address,
        TEMPORAL_NAMESPACE: settings.temporal.namespace,
        TEMPORAL_TASK_QUEUE: plan.taskQueue,
        ...(apiKey || settings.temporal.mtlsSecretArn ? { TEMPORAL_TLS: 'true' } : {}),
        AWS_REGION: plan.region,
        WORKER_SHUTDOWN_GRACE_TIME: `${service.shutdownGraceSeconds}s`,
        HEALTH_BIND_ADDRESS: `127.0.0.1:${service.healthPort}`,
      },
      secrets,
      logging: LogDrivers.awsLogs({ logGroup, streamPrefix: 'worker' }),
      // SIGTERM starts the worker's graceful shutdown; SIGKILL only after the grace and a margin.
      stopTimeout: Duration.seconds(stopSeconds),
      readonlyRootFilesystem: true,
      healthCheck: {
        command: ['CMD', 'node', '-e', readyzProbe(service.healthPort)],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        // Connecting to Temporal and loading the workflow bundle takes a few seconds.
        startPeriod: Duration.seconds(60),
      },
    });
    this.service = new FargateService(this, 'Service', {
      cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: service.desiredCount,
      vpcSubnets: network.subnets,
      securityGroups: network.securityGroups,
      assignPublicIp: false,
      // Workers only poll: a rolling deploy may briefly run old and new side by side.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
    });

    acknowledge(this.taskDefinition, 'AwsSolutions-ECS2', 'Only non-secret settings are plain environment variables; the Temporal API key and every secretEnvironment entry are ECS secrets.');
    acknowledge(
      this.taskDefinition.obtainExecutionRole(),
      'AwsSolutions-IAM5[Resource::*]',
      "The execution role's ecr:GetAuthorizationToken supports no resource-level permissions (CDK adds it to pull from ECR).",
    );
  }
}

/** Exits 0 when /readyz answers 200; `node` is in the image, curl is not. */
export function readyzProbe(port: number): string {
  return `fetch('http://127.0.0.1:${port}/readyz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))`;
}

/** An image in this account's ECR gets pull permissions; any other registry is used as named. */
function workerImage(scope: Construct, image: string): ContainerImage {
  const ecr = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)(?::([^@]+))?$/.exec(image);
  if (!ecr) return ContainerImage.fromRegistry(image);
  const [, account, region, name, tag] = ecr;
  const repository = Repository.fromRepositoryAttributes(scope, 'Repository', {
    repositoryName: name!,
    repositoryArn: `arn:aws:ecr:${region}:${account}:repository/${name}`,
  });
  return ContainerImage.fromEcrRepository(repository, tag ?? 'latest');
}
