import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { samples } from '../fault/prometheus-text';

const dashboardPath = join(__dirname, '..', '..', 'observability', 'grafana-dashboard.json');

export interface Selector {
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
export function dashboardSelectors(dashboard: { panels: Panel[] }): Selector[] {
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


/** The dashboard's selectors that no series on the worker's /metrics answers: dead panels. */
export function deadDashboardSelectors(metricsText: string): { all: Selector[]; dead: Selector[] } {
  const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8')) as { panels: Panel[] };
  const all = dashboardSelectors(dashboard);
  const dead = all.filter(
    ({ metric, labels }) => !samples(metricsText, metric).some((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value)),
  );
  return { all, dead };
}
