import type { LocalStack } from '../local-stack';
import { Checker, scenarioContext, type ScenarioName, type ScenarioReport } from './scenario';
import { SCENARIOS } from './scenarios';

/**
 * Plays one scenario on a running stack and checks its expectations. Never throws: a
 * scenario that cannot finish (a wait timed out, an AWS call failed) is a failed report.
 */
export async function playScenario(stack: LocalStack, name: ScenarioName, progress: (line: string) => void): Promise<ScenarioReport> {
  const scenario = SCENARIOS[name];
  const check = new Checker();
  const started = Date.now();
  const ctx = scenarioContext(stack, (line) => progress(`[${name}] ${line}`));
  const report = (partial: Pick<ScenarioReport, 'workflows'> & { error?: string }): ScenarioReport => ({
    name,
    title: scenario.title,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    expectations: check.expectations,
    ok: !partial.error && check.expectations.length > 0 && check.expectations.every((e) => e.ok),
    ...partial,
  });
  try {
    return report({ workflows: await scenario.play(ctx, check) });
  } catch (err) {
    return report({ workflows: [], error: (err as Error).message });
  }
}

/** Plays scenarios one after the other (they share the worker; each has its own groups). */
export async function playScenarios(stack: LocalStack, names: readonly ScenarioName[], progress: (line: string) => void): Promise<ScenarioReport[]> {
  const reports: ScenarioReport[] = [];
  for (const name of names) {
    progress(`▶ ${SCENARIOS[name].title}: ${SCENARIOS[name].story}`);
    const report = await playScenario(stack, name, progress);
    progress(`${report.ok ? '✔' : '✘'} ${name} (${report.seconds} s)`);
    reports.push(report);
  }
  return reports;
}
