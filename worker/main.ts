import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createAwsClientsForRegion } from '../activities/aws-clients';
import { ConfigError } from '../common/env-config';
import { createLogger } from '../common/logger';
import { describeTemporalConfig, toConnectionOptions } from '../common/temporal-config';
import { loadWorkerConfig, type WorkerConfig } from './config';
import { workerDeploymentOptions } from './deployment-options';
import { startHealthServer, workerReadiness } from './health';
import { installRuntime } from './runtime';

async function run(config: WorkerConfig): Promise<void> {
  const logger = createLogger('fleet-workflows-worker', config.logLevel);
  installRuntime(logger, config.logLevel, config.metricsBindAddress);
  const health = config.healthBindAddress ? await startHealthServer(config.healthBindAddress) : undefined;

  const { address, tls, apiKey, metadata } = toConnectionOptions(config.temporal);
  const connection = await NativeConnection.connect({
    address,
    tls,
    apiKey: typeof apiKey === 'string' ? apiKey : undefined,
    metadata,
  });
  // Read by the SDK when the worker is created. A server without worker_poll_complete_on_shutdown
  // (the dev server's 1.29 among them) cannot finish a stopping worker's open polls, so the SDK
  // cuts them at once, and a task the server had just handed to one is lost until its
  // start-to-close timeout (test/fault/worker-sigterm.test.ts). Cutting them a moment later
  // lets such tasks arrive and run within the grace time; no new poll starts meanwhile.
  process.env.TEMPORAL_POLL_SHUTDOWN_INTERRUPT_WAIT_MS = String(config.pollShutdownInterruptWaitMs);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workerDeploymentOptions: workerDeploymentOptions(config.deploymentVersion),
    // A bundle built ahead spares the worker webpack's memory and start-up time.
    ...(config.workflowBundlePath
      ? { workflowBundle: { codePath: config.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities({
      clientsFor: createAwsClientsForRegion(config.awsRegion),
      zabbix: config.zabbix,
      // The terminate workflow's activity asks the fleet workflow through this client.
      temporalClient: new Client({ connection, namespace: config.temporal.namespace }),
    }),
    // The SDK runtime turns SIGINT/SIGTERM into worker.shutdown(): polling stops and
    // in-flight activities get this long to finish before they are cancelled.
    shutdownGraceTime: config.shutdownGraceTime,
    maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: config.maxConcurrentWorkflowTasks,
    maxCachedWorkflows: config.maxCachedWorkflows,
  });
  health?.setReadiness(workerReadiness(worker, connection));
  logger.info('worker started', {
    ...describeTemporalConfig(config.temporal),
    awsRegion: config.awsRegion,
    awsEndpointUrl: config.awsEndpointUrl ?? 'default',
    metrics: config.metricsBindAddress ?? 'off',
    workflowBundle: config.workflowBundlePath ?? 'bundled at start-up',
    deploymentVersion: config.deploymentVersion ? `${config.deploymentVersion.deploymentName}.${config.deploymentVersion.buildId}` : 'unversioned',
  });
  try {
    await worker.run();
  } finally {
    await health?.close();
    await connection.close();
    logger.info('worker stopped');
  }
}

function main(): void {
  let config: WorkerConfig;
  try {
    config = loadWorkerConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`fleet-workflows worker: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  run(config).catch((err: unknown) => {
    process.stderr.write(`fleet-workflows worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}

main();
