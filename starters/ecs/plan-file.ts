import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { EcsPlan } from '../../common/ecs-plan';
import { ecsPlanFileSchema, toEcsPlan, type EcsPlanSchedule } from './plan-file-schema';

/** A plan file that cannot be used; the message names the file and the field. */
export class EcsPlanError extends Error {
  override name = 'EcsPlanError';
}

export interface LoadedEcsPlan {
  plan: EcsPlan;
  schedule?: EcsPlanSchedule;
}

/** Reads a YAML or JSON plan file; `variables` override the file's own. */
export function loadEcsPlanFile(path: string, variables: Record<string, string> = {}): LoadedEcsPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EcsPlanError(`${path}: cannot read the plan (${(err as Error).message})`);
  }
  return parseEcsPlan(text, path, variables);
}

/** Parses and validates plan text (YAML is a superset of JSON; .json files are parsed strictly as JSON). */
export function parseEcsPlan(text: string, source: string, variables: Record<string, string> = {}): LoadedEcsPlan {
  let raw: unknown;
  try {
    raw = extname(source).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new EcsPlanError(`${source}: not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new EcsPlanError(`${source}: expected a mapping at the top level`);

  const fileVariables = (raw as { variables?: unknown }).variables;
  const values: Record<string, string> = {
    ...(fileVariables && typeof fileVariables === 'object' ? (fileVariables as Record<string, string>) : {}),
    ...variables,
  };
  const substituted = substitute(raw, values, source, []);

  const parsed = ecsPlanFileSchema.safeParse(substituted);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    throw new EcsPlanError(`${source}: invalid ECS plan: ${problems.join('; ')}`);
  }
  return { plan: toEcsPlan(parsed.data), ...(parsed.data.schedule ? { schedule: parsed.data.schedule } : {}) };
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(plan)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** Replaces ${name} in every string except the variables block itself; an unknown name is an error. */
function substitute(value: unknown, values: Record<string, string>, source: string, path: PropertyKey[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
      const found = values[name];
      if (found === undefined) {
        throw new EcsPlanError(`${source}: ${formatPath(path)}: unknown variable \${${name}} (define it under variables or pass --var ${name}=…)`);
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, values, source, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, path.length === 0 && k === 'variables' ? v : substitute(v, values, source, [...path, k])]),
    );
  }
  return value;
}
