import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createAwsClientsForRegion, type AwsClientsForRegion } from '../../activities/aws-clients';
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
  /** Run the build (`npm run build`) the way `npm start` runs it in production. */
  compiled?: boolean;
}

/** How the worker child is started: from TypeScript sources, or as `npm start` runs the build. */
function workerCommand(compiled: boolean | undefined): { file: string; args: string[]; env: Record<string, string> } {
  if (!compiled) {
    return {
      file: process.execPath,
      args: ['-r', '@swc-node/register', '-r', join(__dirname, 'exit-with-parent.ts'), join(ROOT, 'worker', 'main.ts')],
      env: { SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    };
  }
  const guard = join(ROOT, 'dist', 'starters', 'local-stack', 'exit-with-parent.js');
  if (!existsSync(guard)) throw new Error(`compiled worker: ${guard} missing; run \`npm run build\` first`);
  return { file: 'bash', args: [join(ROOT, 'tools', 'start-worker.sh'), '-r', guard], env: {} };
}

/**
 * `node -r @swc-node/register worker/main.ts` (or `tools/start-worker.sh`, `npm start`, when compiled)
 * with the stack's environment; ready once it logs "worker started".
 */
export function childWorker(options: WorkerRunnerOptions): WorkerRunner {
  let child: ManagedChild | undefined;
  const metricsBind = options.metricsPort ? `127.0.0.1:${options.metricsPort}` : undefined;
  const command = workerCommand(options.compiled);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...command.env,
    ...options.awsEnvironment,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    // A stack's worker never holds a scenario up for long when it is restarted.
    WORKER_SHUTDOWN_GRACE_TIME: '5s',
    ...(metricsBind ? { METRICS_BIND_ADDRESS: metricsBind } : {}),
    ...options.extraEnv,
  };
  // Whatever the caller's shell points at, this worker talks to the simulator and the stack's server only:
  // no inherited TEMPORAL_* setting, and an empty profile file instead of ~/.config/temporalio/temporal.toml.
  for (const key of Object.keys(env)) {
    if ((/^TEMPORAL_(API_KEY|TLS|PROFILE|GRPC_META_|WORKER_)/.test(key) || ['AWS_PROFILE', 'AWS_SESSION_TOKEN'].includes(key)) && !(key in options.extraEnv)) delete env[key];
  }
  env.TEMPORAL_CONFIG_FILE = options.extraEnv.TEMPORAL_CONFIG_FILE ?? '/dev/null';
  const runner: WorkerRunner = {
    metricsUrl: metricsBind ? `http://${metricsBind}/metrics` : undefined,
    async start() {
      if (child && child.process.exitCode === null && child.process.signalCode === null) return;
      child = spawnLogged(command.file, command.args, { cwd: ROOT, env, logFile: options.logFile });
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
  return createAwsClientsForRegion(awsEnvironment.AWS_REGION ?? 'us-east-1', {
    endpoint: awsEnvironment.AWS_ENDPOINT_URL,
    credentials: {
      accessKeyId: awsEnvironment.AWS_ACCESS_KEY_ID ?? 'simulator',
      secretAccessKey: awsEnvironment.AWS_SECRET_ACCESS_KEY ?? 'simulator',
    },
  });
}
