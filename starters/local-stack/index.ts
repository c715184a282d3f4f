import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createLogger, type LogLevelName } from '../../common/logger';
import { DEFAULT_TASK_QUEUE } from '../../common/task-queue';
import { startSimulator, type FleetSpec, type Simulator, type SimulatorOptions } from '../../simulator';
import type { EventBridgeEvent } from '../../simulator';
import { simulatorClients } from '../../simulator/sdk-clients';
import { createBridge } from '../bridge/bridge';
import { createSourceGroupLookup } from '../bridge/source-group-lookup';
import { createClientProvider } from '../temporal/client-provider';
import { DEMO_FLEET_CONFIG_PATH, DEMO_TIMINGS, loadFleetSpec, loadStackFleetConfig } from './demo-config';
import { freePort } from './free-port';
import { TemporalDevServer } from './temporal-dev-server';
import { childWorker, inProcessWorker, type WorkerRunner } from './worker-process';

export { DEMO_FLEET_CONFIG_PATH, DEMO_FLEET_SPEC_PATH, DEMO_TIMINGS, loadFleetSpec, loadStackFleetConfig } from './demo-config';

export type SimulatorHandle = Simulator;

export interface LocalStackOptions {
  /** Routing config for the bridge; default examples/demo-fleet-config.yaml (`${SIMULATOR_ORIGIN_URL}`, `${SIMULATOR_REPLICA_PORT}` are filled in). */
  fleetConfigPath?: string;
  /** Simulator fleet; default examples/demo-fleet.yaml. */
  fleet?: FleetSpec;
  /** Speed, timings (default DEMO_TIMINGS), faults… `events` and `fleet` are set by the stack. */
  simulator?: Partial<SimulatorOptions>;
  /** Default: free ports, UI on, a db file in the state directory. */
  temporal?: { port?: number; uiPort?: number | false; dbFile?: string };
  /**
   * Default: a child process `node -r @swc-node/register worker/main.ts`; `compiled`: the
   * build run as `npm start` runs it (`tools/start-worker.sh`; `npm run build` first).
   */
  worker?: { env?: Record<string, string>; inProcess?: boolean; compiled?: boolean };
  /** Task queue of the worker and the bridge's starts. Default fleet-workflows. */
  taskQueue?: string;
  /** Where logs (temporal.log, worker.log) and the default db file go. Default: a new temp directory. */
  stateDir?: string;
  /** Bridge log level (its JSON lines go to stdout). Default WARN. */
  bridgeLogLevel?: LogLevelName;
  /** Progress lines of the stack itself. */
  log?: (line: string) => void;
}

export interface LocalStack {
  temporalAddress: string;
  uiUrl?: string;
  taskQueue: string;
  /** Connected to the stack's dev server, namespace default. */
  client: Client;
  simulator: SimulatorHandle;
  /** Hands an AWS event to the bridge handler (what EventBridge would do); resolves to the bridge's answer. */
  deliver(event: unknown): Promise<unknown>;
  worker: { kill(signal?: NodeJS.Signals): Promise<void>; start(): Promise<void>; restart(): Promise<void>; metricsUrl?: string };
  /** Stops and starts the dev server on the same port and db file (`stop` and `start` for an outage of a chosen length). */
  temporal: { restart(): Promise<void>; stop(): Promise<void>; start(): Promise<void> };
  /** Directory with temporal.log and worker.log. */
  stateDir: string;
  stop(): Promise<void>;
}

/**
 * Everything the product needs, on 127.0.0.1: the Temporal dev server (Web UI, the launch
 * gate's search attributes), the fleet simulator, the bridge handler fed by the simulator's
 * events (as EventBridge would feed the Lambda) and the worker pointed at the simulator
 * through AWS_ENDPOINT_URL. What fails to start is stopped again before the error is thrown.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'fleet-stack-'));
  mkdirSync(stateDir, { recursive: true });
  const taskQueue = options.taskQueue ?? DEFAULT_TASK_QUEUE;
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        log(`stop: ${(err as Error).message}`);
      }
    }
  };

  try {
    const port = options.temporal?.port ?? (await freePort());
    const uiPort = options.temporal?.uiPort === false ? false : (options.temporal?.uiPort ?? (await freePort()));
    const server = new TemporalDevServer({
      port,
      uiPort,
      dbFile: options.temporal?.dbFile ?? join(stateDir, 'temporal.db'),
      logFile: join(stateDir, 'temporal.log'),
    });
    await server.start();
    cleanups.push(() => server.stop());
    log(`temporal dev server on ${server.address}${server.uiUrl ? `, Web UI ${server.uiUrl}` : ''}`);

    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });

    // The simulator emits events as soon as the fleet moves; the bridge exists by then.
    let deliver: (event: unknown) => Promise<unknown> = () => Promise.reject(new Error('the bridge is not ready yet'));
    const simulator = await startSimulator({
      ...options.simulator,
      timings: { ...DEMO_TIMINGS, ...options.simulator?.timings },
      fleet: options.fleet ?? loadFleetSpec(),
      events: {
        sink: async (event: EventBridgeEvent) => {
          try {
            await deliver(event);
          } catch (err) {
            log(`bridge failed on ${event['detail-type']} ${event.id}: ${(err as Error).message}`);
            throw err;
          }
        },
      },
    });
    cleanups.push(() => simulator.stop());
    log(`fleet simulator on ${simulator.url} (origin ${simulator.originUrl})`);

    const fleetConfig = loadStackFleetConfig(options.fleetConfigPath ?? DEMO_FLEET_CONFIG_PATH, {
      SIMULATOR_ORIGIN_URL: simulator.originUrl,
      SIMULATOR_REPLICA_PORT: String(simulator.replicaPort),
    });
    const bridgeClients = createClientProvider({ namespace: 'default', connectionOptions: () => ({ address: server.address }) });
    cleanups.push(() => bridgeClients.close());
    const bridge = createBridge({
      config: fleetConfig,
      clients: bridgeClients,
      logger: createLogger('fleet-workflows-bridge', options.bridgeLogLevel ?? 'WARN'),
      defaultTaskQueue: taskQueue,
      startTimeoutMs: 10_000,
      lookupSourceGroup: createSourceGroupLookup(async (region) => simulatorClients(simulator.url, { region }).ec2),
    });
    deliver = (event) => bridge.handle(event);

    const runnerOptions = {
      temporalAddress: server.address,
      taskQueue,
      awsEnvironment: simulator.awsEnvironment(),
      extraEnv: options.worker?.env ?? {},
      logFile: join(stateDir, 'worker.log'),
      metricsPort: options.worker?.inProcess ? undefined : await freePort(),
      compiled: options.worker?.compiled,
    };
    const worker: WorkerRunner = options.worker?.inProcess ? inProcessWorker(runnerOptions) : childWorker(runnerOptions);
    await worker.start();
    cleanups.push(() => worker.kill('SIGTERM'));
    log(`worker polling ${taskQueue}${worker.metricsUrl ? `, metrics ${worker.metricsUrl}` : ''} (log ${runnerOptions.logFile})`);

    return {
      temporalAddress: server.address,
      uiUrl: server.uiUrl,
      taskQueue,
      client,
      simulator,
      deliver: (event) => deliver(event),
      worker: {
        kill: (signal) => worker.kill(signal),
        start: () => worker.start(),
        restart: () => worker.restart(),
        metricsUrl: worker.metricsUrl,
      },
      temporal: { restart: () => server.restart(), stop: () => server.stop(), start: () => server.start() },
      stateDir,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
