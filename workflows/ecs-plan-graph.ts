// Plain TypeScript on purpose: the plan file loader (zod) and the workflows (no zod in the
// sandbox) share this one check, so a plan started by hand fails exactly like a bad file.
import type { EcsPlan } from '../common/ecs-plan';
import { isRunMode, RUN_MODES } from '../common/observe';

export interface EcsPlanProblem {
  path: (string | number)[];
  message: string;
}

/** Every problem with the plan's fields and dependency graph; empty when the plan is usable. */
export function findEcsPlanProblems(plan: EcsPlan): EcsPlanProblem[] {
  const problems: EcsPlanProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  if (!plan || typeof plan !== 'object') return [{ path: [], message: 'plan is missing' }];
  if (typeof plan.name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(plan.name)) add(['name'], 'plan name must be letters, digits, ".", "_" or "-"');
  if (typeof plan.cluster !== 'string' || plan.cluster === '') add(['cluster'], 'cluster is required');
  for (const field of ['pollIntervalSeconds', 'serviceTimeoutSeconds', 'overallTimeoutSeconds', 'maxFailedTasks'] as const) {
    if (typeof plan[field] !== 'number' || !(plan[field] > 0)) add([field], `${field} must be a positive number`);
  }
  // A mistyped mode must not quietly act on a plan meant to be observed.
  if (plan.mode !== undefined && !isRunMode(plan.mode)) add(['mode'], `mode must be ${RUN_MODES.map((m) => `"${m}"`).join(' or ')}`);
  const minRunning = plan.readiness?.minRunning;
  if (minRunning !== 'desired' && !(typeof minRunning === 'number' && minRunning >= 1)) {
    add(['readiness', 'minRunning'], 'readiness.minRunning must be "desired" or a number ≥ 1');
  }
  if (!Array.isArray(plan.services) || plan.services.length === 0) {
    add(['services'], 'services must list at least one service');
    return problems;
  }

  const firstIndex = new Map<string, number>();
  plan.services.forEach((service, i) => {
    if (typeof service?.name !== 'string' || service.name === '') {
      add(['services', i, 'name'], `services[${i}].name is required`);
      return;
    }
    if (!Number.isInteger(service.desiredCount) || service.desiredCount < 0) {
      add(['services', i, 'desiredCount'], `services[${i}] (${service.name}).desiredCount must be an integer ≥ 0`);
    }
    if (!Array.isArray(service.dependsOn)) {
      add(['services', i, 'dependsOn'], `services[${i}] (${service.name}).dependsOn must be a list of service names`);
    }
    const seen = firstIndex.get(service.name);
    if (seen !== undefined) {
      add(['services', i, 'name'], `duplicate service "${service.name}" (services[${seen}] and services[${i}])`);
    } else {
      firstIndex.set(service.name, i);
    }
  });

  plan.services.forEach((service, i) => {
    if (!Array.isArray(service?.dependsOn)) return;
    service.dependsOn.forEach((dep, j) => {
      if (!firstIndex.has(dep)) {
        add(['services', i, 'dependsOn', j], `services[${i}] (${service.name}).dependsOn: unknown service "${dep}"`);
      }
    });
  });

  const cycle = findCycle(plan);
  if (cycle) add(['services'], `dependency cycle: ${cycle.join(' → ')}`);
  return problems;
}

/** One cycle's path, first service repeated at the end (A → B → A), or undefined. */
export function findCycle(plan: EcsPlan): string[] | undefined {
  const deps = new Map<string, string[]>();
  for (const s of plan.services) {
    if (typeof s?.name === 'string' && !deps.has(s.name)) deps.set(s.name, Array.isArray(s.dependsOn) ? s.dependsOn : []);
  }
  const visiting: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done' || !deps.has(name)) return undefined;
    if (state.get(name) === 'visiting') return [...visiting.slice(visiting.indexOf(name)), name];
    state.set(name, 'visiting');
    visiting.push(name);
    for (const dep of deps.get(name) ?? []) {
      const found = visit(dep);
      if (found) return found;
    }
    visiting.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of deps.keys()) {
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}

/** Services that depend on `name` directly: what must stop before it during shutdown. */
export function dependentsOf(plan: EcsPlan, name: string): string[] {
  return plan.services.filter((s) => s.dependsOn.includes(name)).map((s) => s.name);
}
