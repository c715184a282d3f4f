/**
 * One definition per fleet-configuration setting: its kind, range or format and default.
 * Plain data and plain checks, with no zod, because both sides read it: the loader
 * (starters/fleet-config) builds its schema from it, and the workflows check their input
 * with `settingsProblems`, so whatever loads is accepted by the workflow it is routed to.
 */

export interface IntegerSetting {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
  readonly default?: number;
  readonly required?: boolean;
}

export interface FlagSetting {
  readonly kind: 'flag';
  readonly default?: boolean;
  readonly required?: boolean;
}

export interface ChoiceSetting<V extends string = string> {
  readonly kind: 'choice';
  readonly values: readonly V[];
  readonly default?: V;
  readonly required?: boolean;
}

export interface TextSetting {
  readonly kind: 'text';
  readonly minLength: number;
  readonly maxLength: number;
  /** Plain patterns rather than URL parsing: workflow code stays free of anything environment-dependent. */
  readonly pattern?: RegExp;
  /** What the pattern asks for, in words, e.g. "an http(s) URL such as https://www.example.com". */
  readonly format?: string;
  readonly default?: string;
  readonly required?: boolean;
}

export interface TextListSetting {
  readonly kind: 'text-list';
  readonly minItems: number;
  readonly item: TextSetting;
  readonly default?: readonly string[];
  readonly required?: boolean;
}

/** A map from a fixed set of names to a fixed set of values; the defaults fill what it leaves out. */
export interface ChoiceMapSetting<K extends string = string, V extends string = string> {
  readonly kind: 'choice-map';
  /** What a key names, for messages ("scaling cause"). */
  readonly keyName: string;
  readonly keys: readonly K[];
  readonly values: readonly V[];
  readonly default: Readonly<Record<K, V>>;
  readonly required?: boolean;
}

/**
 * Where a run's outcome is reported (common/notifications.ts). Its fields are checked by
 * the loader's notification schema; the workflows only need an object.
 */
export interface TargetsSetting {
  readonly kind: 'targets';
  readonly required?: boolean;
}

export type SettingDefinition =
  | IntegerSetting
  | FlagSetting
  | ChoiceSetting
  | TextSetting
  | TextListSetting
  | ChoiceMapSetting
  | TargetsSetting;

/** Settings of one workflow, nested as in the fleet configuration (`drain.monitoring.kind`). */
export interface SettingGroup {
  readonly [name: string]: SettingDefinition | SettingGroup;
}

/** A problem with one value; `path` is relative to the setting (`['paths', '0']`). */
export interface SettingProblem {
  path: string[];
  message: string;
}

export function isSettingDefinition(entry: SettingDefinition | SettingGroup): entry is SettingDefinition {
  return typeof (entry as SettingDefinition).kind === 'string';
}

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

/** Problems with a value that is present (`undefined` is handled by the caller: required or default). */
export function valueProblems(def: SettingDefinition, value: unknown): SettingProblem[] {
  const at = (message: string, path: string[] = []): SettingProblem[] => [{ path, message }];
  switch (def.kind) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < def.min || value > def.max) {
        return at(`expected a number from ${def.min} to ${def.max}, got ${show(value)}`);
      }
      if (!Number.isInteger(value)) return at(`expected a whole number from ${def.min} to ${def.max}, got ${show(value)}`);
      return [];
    case 'flag':
      return typeof value === 'boolean' ? [] : at(`expected true or false, got ${show(value)}`);
    case 'choice':
      return typeof value === 'string' && def.values.includes(value) ? [] : at(`expected one of ${def.values.join(', ')}, got ${show(value)}`);
    case 'text':
      return textProblems(def, value);
    case 'text-list': {
      if (!Array.isArray(value)) return at(`expected a list, got ${show(value)}`);
      if (value.length < def.minItems) return at(`expected at least ${def.minItems} ${def.minItems === 1 ? 'entry' : 'entries'}`);
      return value.flatMap((item, index) => textProblems(def.item, item).map((p) => ({ path: [String(index), ...p.path], message: p.message })));
    }
    case 'choice-map': {
      if (!isPlainObject(value)) return at(`expected a map of ${def.keyName} to ${def.values.join(' or ')}, got ${show(value)}`);
      return Object.entries(value).flatMap(([key, verdict]) => {
        if (!(def.keys as readonly string[]).includes(key)) return at(`unknown ${def.keyName}; expected one of ${def.keys.join(', ')}`, [key]);
        if (typeof verdict !== 'string' || !(def.values as readonly string[]).includes(verdict)) {
          return at(`expected one of ${def.values.join(', ')}, got ${show(verdict)}`, [key]);
        }
        return [];
      });
    }
    case 'targets':
      return isPlainObject(value) ? [] : at(`expected an object, got ${show(value)}`);
  }
}

function textProblems(def: TextSetting, value: unknown): SettingProblem[] {
  if (typeof value !== 'string') return [{ path: [], message: `expected text, got ${show(value)}` }];
  if (value.length < def.minLength || value.length > def.maxLength) {
    return [{ path: [], message: `expected ${def.minLength} to ${def.maxLength} characters, got ${value.length}` }];
  }
  if (def.pattern && !def.pattern.test(value)) {
    return [{ path: [], message: `expected ${def.format ?? `text matching ${String(def.pattern)}`}, got ${show(value)}` }];
  }
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A problem with one field of a workflow's input, e.g. `settings.paths.0`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export const describeProblem = (problem: FieldProblem): string => `${problem.field}: ${problem.message}`;

/**
 * Every problem with `settings` against `group`, each naming its field under `prefix`, in
 * the group's order. Keys the group does not define are left alone: the loader rejects
 * them, and input started by hand may carry fields that are not settings.
 */
export function settingsProblems(group: SettingGroup, settings: unknown, prefix: string): FieldProblem[] {
  if (!isPlainObject(settings)) return [{ field: prefix, message: `expected an object, got ${show(settings)}` }];
  return Object.entries(group).flatMap(([name, entry]): FieldProblem[] => {
    const field = `${prefix}.${name}`;
    const value = settings[name];
    if (!isSettingDefinition(entry)) return value === undefined ? [] : settingsProblems(entry, value, field);
    if (value === undefined) return entry.required === true ? [{ field, message: 'required' }] : [];
    return valueProblems(entry, value).map((p) => ({ field: [field, ...p.path].join('.'), message: p.message }));
  });
}

/** Every definition in a group with its dotted name (`drain.monitoring.kind`), in order. */
export function flattenSettings(group: SettingGroup, prefix = ''): [string, SettingDefinition][] {
  return Object.entries(group).flatMap(([name, entry]): [string, SettingDefinition][] =>
    isSettingDefinition(entry) ? [[`${prefix}${name}`, entry]] : flattenSettings(entry, `${prefix}${name}.`),
  );
}
