import { join } from 'node:path';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { AwsClients, AwsClientsForRegion } from '../../activities/aws-clients';
import { spawnLogged, type ManagedChild } from './child-process';

const ROOT = join(__dirname, '..', '..');

/** The fleet worker, as a child process (what `npm run worker` runs) or inside this process. */
export interface WorkerRunner {
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
  readonly metricsUrl?: string;
}

export interface WorkerRunnerOptions {
  temporalAddress: string;
  taskQueue: string;
  /** AWS_ENDPOINT_URL, AWS_REGION and throwaway keys of the simulator. */
  awsEnvironment: Record<string, string>;
  extraEnv: Record<string, string>;
  logFile: string;
  metricsPort?: number;
  readyTimeoutMs?: number;
}

/** `node -r @swc-node/register worker/main.ts` with the stack's environment; ready once it logs "worker started". */
export function childWorker(options: WorkerRunnerOptions): WorkerRunner {
  let child: ManagedChild | undefined;
  const metricsBind = options.metricsPort ? `127.0.0.1:${options.metricsPort}` : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    ...options.awsEnvironment,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    // A stack's worker never holds a scenario up for long when it is restarted.
    WORKER_SHUTDOWN_GRACE_TIME: '5s',
    ...(metricsBind ? { METRICS_BIND_ADDRESS: metricsBind } : {}),
    ...options.extraEnv,
  };
  // Whatever the caller's shell points at, this worker talks to the simulator and the stack's server only.
  for (const key of ['TEMPORAL_API_KEY', 'TEMPORAL_TLS', 'TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'AWS_PROFILE', 'AWS_SESSION_TOKEN']) {
    if (!(key in options.extraEnv)) delete env[key];
  }
  const runner: WorkerRunner = {
    metricsUrl: metricsBind ? `http://${metricsBind}/metrics` : undefined,
    async start() {
      if (child && child.process.exitCode === null && child.process.signalCode === null) return;
      child = spawnLogged(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'worker', 'main.ts')], { cwd: ROOT, env, logFile: options.logFile });
      await child.waitForLine((line) => line.includes('"worker started"'), options.readyTimeoutMs ?? 120_000, 'worker');
    },
    async kill(signal = 'SIGTERM') {
      await child?.stop(signal);
      child = undefined;
    },
    async restart() {
      await runner.kill('SIGTERM');
      await runner.start();
    },
  };
  return runner;
}

/** The same worker inside this process (no metrics endpoint: the SDK runtime is per process). */
export function inProcessWorker(options: WorkerRunnerOptions): WorkerRunner {
  let running: { worker: Worker; run: Promise<void>; connection: NativeConnection } | undefined;
  const clients = simulatorClients(options.awsEnvironment);
  return {
    async start() {
      if (running) return;
      const connection = await NativeConnection.connect({ address: options.temporalAddress });
      const worker = await Worker.create({
        connection,
        namespace: 'default',
        taskQueue: options.taskQueue,
        workflowsPath: require.resolve('../../workflows'),
        activities: createActivities({ clientsFor: clients, temporalClient: new Client({ connection, namespace: 'default' }) }),
        shutdownGraceTime: '5s',
      });
      const run = worker.run().finally(() => connection.close());
      running = { worker, run, connection };
    },
    async kill() {
      const current = running;
      running = undefined;
      if (!current) return;
      current.worker.shutdown();
      await current.run.catch(() => undefined);
    },
    async restart() {
      await this.kill();
      await this.start();
    },
  };
}

function simulatorClients(awsEnvironment: Record<string, string>): AwsClientsForRegion {
  const byRegion = new Map<string, AwsClients>();
  const defaultRegion = awsEnvironment.AWS_REGION ?? 'us-east-1';
  return (region?: string) => {
    const key = region ?? defaultRegion;
    let clients = byRegion.get(key);
    if (!clients) {
      const config = {
        region: key,
        endpoint: awsEnvironment.AWS_ENDPOINT_URL,
        credentials: { accessKeyId: awsEnvironment.AWS_ACCESS_KEY_ID ?? 'simulator', secretAccessKey: awsEnvironment.AWS_SECRET_ACCESS_KEY ?? 'simulator' },
      };
      clients = {
        autoScaling: new AutoScalingClient(config),
        ec2: new EC2Client(config),
        ecs: new ECSClient(config),
        ssm: new SSMClient(config),
        sns: new SNSClient(config),
      };
      byRegion.set(key, clients);
    }
    return clients;
  };
}
