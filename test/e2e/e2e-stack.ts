import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../starters/local-stack';
import { playScenario, type ScenarioName, type ScenarioReport } from '../../starters/demo';
import { buildOnce } from '../helpers/build';
import { eventually } from '../helpers/wait';
import { workflowBundleFile } from '../helpers/workflow-bundles';

/** Starting a stack: dev server + worker child process (bundles the workflows) on a shared 2-core machine. */
export const STACK_START_TIMEOUT_MS = 180_000;
export const SCENARIO_TIMEOUT_MS = 240_000;

export interface E2eStack {
  readonly stack: LocalStack;
  /** Plays a scenario as `demo --once` does and returns its report. */
  play(name: ScenarioName): Promise<ScenarioReport>;
}

/**
 * One headless stack for the test file: started before its tests, stopped after them.
 * Progress lines are kept for failure messages. `fleetConfigPath`: the bridge's routing config
 * (default the demo's). `builtWorker`: the worker runs as `npm start`
 * does in production, from a build made here (so it is never stale).
 */
export function useE2eStack(options: { builtWorker?: boolean } & Pick<LocalStackOptions, 'fleetConfigPath'> = {}): E2eStack {
  const lines: string[] = [];
  let started: LocalStack | undefined;
  beforeAll(async () => {
    if (options.builtWorker) buildOnce();
    started = await startLocalStack({
      fleetConfigPath: options.fleetConfigPath,
      temporal: { uiPort: false },
      // A worker from the sources loads the run's one bundle of them instead of bundling at start.
      worker: options.builtWorker ? { compiled: true } : { env: { WORKFLOW_BUNDLE_PATH: await workflowBundleFile(require.resolve('../../workflows')) } },
      log: (line) => lines.push(line),
    });
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await started?.stop();
  });
  const e2e: E2eStack = {
    get stack() {
      if (!started) throw new Error('the e2e stack is not started yet');
      return started;
    },
    play: (name) => playScenario(e2e.stack, name, (line) => lines.push(line)),
  };
  return e2e;
}

/** The failed expectations with what was seen, so a failing test says why. */
export function failures(report: ScenarioReport): string[] {
  return [...report.expectations.filter((e) => !e.ok).map((e) => `${e.what}: ${e.detail ?? ''}`), ...(report.error ? [`error: ${report.error}`] : [])];
}

/** A state an e2e test waits for: stacks move in seconds, so a minute, looked at every 250 ms. */
export function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  return eventually(probe, timeoutMs, 250);
}
