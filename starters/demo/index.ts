import { startLocalStack, type LocalStack, type LocalStackOptions } from '../local-stack';
import { playScenarios } from './play';
import { SCENARIO_NAMES, type ScenarioName, type ScenarioReport } from './scenario';
import { formatSummary } from './summary';

export { playScenario, playScenarios } from './play';
export { SCENARIO_NAMES, type ScenarioName, type ScenarioReport } from './scenario';
export { formatSummary } from './summary';

export interface DemoOptions {
  /** One scenario; default every scenario in order. */
  scenario?: ScenarioName;
  /** Bring the stack up and play nothing. */
  idle?: boolean;
  /** Play, print, stop everything: the exit code says whether every expectation held. */
  once?: boolean;
  stack?: LocalStackOptions;
  out: (text: string) => void;
  /** Resolves when the person wants the stack down (Ctrl-C); not used with `once`. */
  untilStopped?: () => Promise<void>;
}

/** The one-command demo: stack up, scenarios played and checked, summary printed; 0 when every expectation held. */
export async function runDemo(options: DemoOptions): Promise<number> {
  const started = Date.now();
  const line = (text: string) => options.out(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}\n`);
  line('starting the local stack: Temporal dev server, fleet simulator, bridge, worker');
  const stack: LocalStack = await startLocalStack({ ...options.stack, log: line });
  let reports: ScenarioReport[] = [];
  try {
    if (!options.idle) {
      reports = await playScenarios(stack, options.scenario ? [options.scenario] : SCENARIO_NAMES, line);
      options.out(formatSummary(reports, stack.uiUrl));
    }
    if (!options.once) {
      options.out(
        [
          '',
          `Web UI:           ${stack.uiUrl ?? '(headless)'}`,
          `Temporal:         TEMPORAL_ADDRESS=${stack.temporalAddress}  (temporal workflow list --address ${stack.temporalAddress})`,
          `Simulator state:  curl ${stack.simulator.url}/_sim/state`,
          `AWS endpoint:     AWS_ENDPOINT_URL=${stack.simulator.url} AWS_REGION=us-east-1`,
          `Logs:             ${stack.stateDir}`,
          'The stack stays up until Ctrl-C.',
          '',
        ].join('\n'),
      );
      await (options.untilStopped ?? waitForSignal)();
    }
  } finally {
    line('stopping the stack');
    await stack.stop();
  }
  return reports.every((r) => r.ok) ? 0 : 1;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
