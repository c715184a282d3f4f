import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_NAMES } from '../../starters/demo/scenario-names';
import { samples } from '../fault/prometheus-text';
import { failures, SCENARIO_TIMEOUT_MS, useE2eStack } from './e2e-stack';

const dashboardPath = join(__dirname, '..', '..', 'observability', 'grafana-dashboard.json');

interface Selector {
  metric: string;
  /** Equality matchers only: `=~"$namespace"` is Grafana's to fill in. */
  labels: Record<string, string>;
  panel: string;
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

/** Every metric selector of every panel's queries, with the label values it pins. */
function dashboardSelectors(dashboard: { panels: Panel[] }): Selector[] {
  const selectors: Selector[] = [];
  const visit = (panel: Panel) => {
    for (const { expr } of panel.targets ?? []) {
      for (const match of expr.matchAll(/\b((?:temporal|fleet)_\w+)(?:\{([^}]*)\})?/g)) {
        const labels: Record<string, string> = {};
        for (const pair of (match[2] ?? '').matchAll(/(\w+)="([^"$]*)"/g)) labels[pair[1]!] = pair[2]!;
        selectors.push({ metric: match[1]!, labels, panel: panel.title });
      }
    }
    panel.panels?.forEach(visit);
  };
  dashboard.panels.forEach(visit);
  return selectors;
}

const e2e = useE2eStack();

test('every panel of the Grafana dashboard queries a series the worker exposes after the demo: no dead panels', async () => {
  // Prepare: the demo's story, as `fleet-workflows demo --once` plays it.
  for (const name of SCENARIO_NAMES) {
    const report = await e2e.play(name);
    expect([name, failures(report)]).toEqual([name, []]);
  }
  const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8')) as { panels: Panel[] };

  // Act
  const text = await (await fetch(e2e.stack.worker.metricsUrl!)).text();

  // Assess
  const selectors = dashboardSelectors(dashboard);
  expect(selectors.length).toBeGreaterThan(20);
  const dead = selectors.filter(
    ({ metric, labels }) => !samples(text, metric).some((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value)),
  );
  expect(dead).toEqual([]);
}, SCENARIO_TIMEOUT_MS * SCENARIO_NAMES.length);

test('the selector reader sees metrics inside functions, label values, and nested rows', () => {
  const selectors = dashboardSelectors({
    panels: [{ title: 'row', panels: [{ title: 'p', targets: [{ expr: 'sum by (outcome) (increase(fleet_action_outcomes{action="drain", namespace=~"$namespace"}[5m])) / temporal_worker_start' }] }] }],
  });

  expect(selectors).toEqual([
    { metric: 'fleet_action_outcomes', labels: { action: 'drain' }, panel: 'p' },
    { metric: 'temporal_worker_start', labels: {}, panel: 'p' },
  ]);
});
