import { startLocalStack, type LocalStack } from '../../starters/local-stack';
import { playScenario, type ScenarioName, type ScenarioReport } from '../../starters/demo';

/** Starting a stack: dev server + worker child process (bundles the workflows) on a shared 2-core machine. */
export const STACK_START_TIMEOUT_MS = 180_000;
export const SCENARIO_TIMEOUT_MS = 240_000;

/** A headless stack for one test file; its progress lines are kept for failure messages. */
export async function startE2eStack(): Promise<{ stack: LocalStack; lines: string[] }> {
  const lines: string[] = [];
  const stack = await startLocalStack({ temporal: { uiPort: false }, log: (line) => lines.push(line) });
  return { stack, lines };
}

/** Plays a scenario as `demo --once` does and returns its report. */
export async function play(stack: LocalStack, name: ScenarioName, lines: string[]): Promise<ScenarioReport> {
  return playScenario(stack, name, (line) => lines.push(line));
}

/** The failed expectations with what was seen, so a failing test says why. */
export function failures(report: ScenarioReport): string[] {
  return [...report.expectations.filter((e) => !e.ok).map((e) => `${e.what}: ${e.detail ?? ''}`), ...(report.error ? [`error: ${report.error}`] : [])];
}
