import { z } from 'zod';
import { describeIssues } from '../starters/fleet-config/load-fleet-config';

/**
 * What the CDK app needs beyond the fleet configuration: where Temporal is, where its
 * secrets live, the network and the worker image. Read once from the `fleet-workflows`
 * context key (cdk.json, or `-c fleet-workflows='{…}'`); a bad value names its path.
 */

/** The deploy settings are unusable; the message names the field. */
export class DeploySettingsError extends Error {
  override name = 'DeploySettingsError';
}

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'expected an AWS region such as ap-northeast-1' });
const account = z.string().regex(/^\d{12}$/, { message: 'expected a 12-digit AWS account id' });

/** Where the Temporal API key is stored: only its name or ARN reaches the template, never the value. */
const apiKeySchema = z.union([
  z.strictObject({ ssmParameterName: z.string().regex(/^\/?[A-Za-z0-9_.\-/]+$/, { message: 'expected an SSM parameter name such as /fleet/temporal-api-key' }) }),
  z.strictObject({ secretArn: z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, { message: 'expected a Secrets Manager secret ARN' }) }),
]);

/** An existing VPC: ids only, so synth needs no AWS lookup. */
const networkSchema = z.strictObject({
  vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, { message: 'expected a VPC id such as vpc-0abc…' }),
  /** Private subnets with a route to Temporal and to the AWS APIs (NAT or VPC endpoints). */
  subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, { message: 'expected a subnet id such as subnet-0abc…' })).min(1),
  /** One per subnet, in the same order (CDK cannot look them up offline). */
  availabilityZones: z.array(z.string().min(1)).min(1),
  /** Default: a new security group allowing all outbound traffic and no inbound. */
  securityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]+$/, { message: 'expected a security group id such as sg-0abc…' })).optional(),
}).refine((n) => n.availabilityZones.length === n.subnetIds.length, { message: 'expected one availability zone per subnet, in the same order', path: ['availabilityZones'] });

const workerServiceSchema = z.strictObject({
  /** The worker image (this repository's Dockerfile), e.g. 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/fleet-workflows:1.2.0. */
  image: z.string().min(1),
  /** Default 1; more workers share the task queue. */
  desiredCount: z.number().int().min(0).max(20).default(1),
  /** Default 512 (0.5 vCPU). */
  cpu: z.union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)]).default(512),
  /** Default 1024 MiB; `npm start` bounds the heap at 256 MB. */
  memoryMiB: z.number().int().min(512).max(30720).default(1024),
  /** Must reach the instances' private IPs (the gate compares replicas) and Temporal. */
  network: networkSchema,
  /** Same as the worker's WORKER_SHUTDOWN_GRACE_TIME in seconds; default 30. The task's stop timeout is 15 s longer. */
  shutdownGraceSeconds: z.number().int().min(1).max(100).default(30),
  /** Default 8081; the health endpoint (HEALTH_BIND_ADDRESS) listens on 127.0.0.1 inside the task. */
  healthPort: z.number().int().min(1024).max(65535).default(8081),
  /** More worker variables that are not secret, e.g. ZABBIX_API_URL, LOG_LEVEL. Default none. */
  environment: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: 'expected an environment variable name' }), z.string()).default({}),
  /** Worker variables filled from Secrets Manager at task start (name → complete secret ARN), e.g. ZABBIX_API_TOKEN, SLACK_WEBHOOK_URL. Default none. */
  secretEnvironment: z
    .record(
      z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: 'expected an environment variable name' }),
      z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, { message: 'expected a complete Secrets Manager secret ARN' }),
    )
    .default({}),
});

export const deploySettingsSchema = z
  .strictObject({
    /** The fleet configuration the bridge bundles and the policies are scoped to; relative to the project root. */
    fleetConfig: z.string().min(1).default('examples/fleet-config.yaml'),
    /** Account to deploy to; default: the CLI's (CDK_DEFAULT_ACCOUNT), an environment-agnostic template when unknown. */
    account: account.optional(),
    /** Regions for fleets that name none; default: only the regions the fleets name. */
    regions: z.array(region).min(1).optional(),
    /** Prefix of every stack name; default FleetWorkflows (stacks are FleetWorkflows-<region>). */
    stackPrefix: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, { message: 'letters, digits and dashes, starting with a letter' }).default('FleetWorkflows'),
    temporal: z.strictObject({
      /** host:port of the frontend, e.g. my-ns.a1b2c.tmprl.cloud:7233. */
      address: z.string().regex(/^[A-Za-z0-9.\-_]+:\d{1,5}$/, { message: 'expected host:port' }),
      namespace: z.string().min(1),
      /** Default: the fleet configuration's taskQueue, then fleet-workflows. */
      taskQueue: z.string().min(1).optional(),
      apiKey: apiKeySchema.optional(),
      /** mTLS instead of (or with) the key: a secret whose SecretString is {"cert": PEM, "key": PEM}. */
      mtlsSecretArn: z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, { message: 'expected a complete Secrets Manager secret ARN' }).optional(),
    }),
    bridge: z
      .strictObject({
        /** Default 30 days. */
        logRetentionDays: z.number().int().positive().default(30),
        /** Default: none (the account's unreserved pool). A burst of hooks is short; 10 keeps Temporal's start rate bounded. */
        reservedConcurrency: z.number().int().min(1).optional(),
        /** Default 256. */
        memoryMiB: z.number().int().min(128).max(10240).default(256),
        /** Per region, the VPC to run in; default: outside a VPC (Temporal Cloud is on the internet). */
        networks: z.record(region, networkSchema).default({}),
      })
      .prefault({}),
    /** Default on: the hook → SQS path (queue, DLQ, event source mapping, the role hooks publish with). */
    sqsPath: z.boolean().default(true),
    worker: z
      .strictObject({
        /** SSM documents the drain may run; default the one activities/drain sends, AWS-RunShellScript. */
        drainDocuments: z.array(z.string().min(1)).min(1).default(['AWS-RunShellScript']),
        /** ECS clusters the plans start and stop (the worker's UpdateService scope); default: the fleet config's ecsPlans[].cluster. */
        ecsClusters: z.array(z.string().min(1)).optional(),
        /** Roles of the launch templates' instance profiles, which pin-latest's UpdateAutoScalingGroup passes; default none. */
        instanceRoleArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { message: 'expected an IAM role ARN' })).optional(),
        /** Per region, a Fargate service running the worker image; default none, only the policy (run the worker where you like). */
        services: z.record(region, workerServiceSchema).default({}),
      })
      .prefault({}),
  });

export type DeploySettings = z.infer<typeof deploySettingsSchema>;
export type NetworkSettings = z.infer<typeof networkSchema>;
export type WorkerServiceSettings = z.infer<typeof workerServiceSchema>;

/** The context key the app reads; cdk.json holds the committed example. */
export const CONTEXT_KEY = 'fleet-workflows';

/** Accepts the parsed object or its JSON text (what `-c key=value` passes). */
export function parseDeploySettings(raw: unknown): DeploySettings {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new DeploySettingsError(`context ${CONTEXT_KEY}: not valid JSON: ${(err as Error).message}`);
    }
  }
  if (value === undefined) throw new DeploySettingsError(`context ${CONTEXT_KEY}: missing (see cdk.json and docs/deploy.md)`);
  const result = deploySettingsSchema.safeParse(value);
  if (!result.success) throw new DeploySettingsError(`context ${CONTEXT_KEY}: ${describeIssues(result.error.issues)}`);
  return result.data;
}
