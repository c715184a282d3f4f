import { z } from 'zod';
import type { NotificationTargets } from '../../common/notifications';
import {
  isSettingDefinition,
  valueProblems,
  type ChoiceMapSetting,
  type ChoiceSetting,
  type FlagSetting,
  type IntegerSetting,
  type SettingDefinition,
  type SettingGroup,
  type TargetsSetting,
  type TextListSetting,
  type TextSetting,
} from '../../common/settings/definition';
import { notificationTargetsSchema } from './notification-targets-schema';

/** The value a definition describes, as the workflows' input types spell it. */
type ValueOf<D> = D extends IntegerSetting
  ? number
  : D extends FlagSetting
    ? boolean
    : D extends ChoiceSetting<infer V>
      ? V
      : D extends TextSetting
        ? string
        : D extends TextListSetting
          ? string[]
          : D extends ChoiceMapSetting<infer K, infer V>
            ? Partial<Record<K, V>>
            : D extends TargetsSetting
              ? NotificationTargets
              : never;

type EntryValue<E> = E extends SettingDefinition ? ValueOf<E> : SettingsOf<E>;
type RequiredKeys<G> = { [K in keyof G]: G[K] extends { required: true } ? K : never }[keyof G];

/** What a group of definitions loads as: required settings present, the others optional. */
export type SettingsOf<G> = { -readonly [K in RequiredKeys<G>]: EntryValue<G[K]> } & {
  -readonly [K in Exclude<keyof G, RequiredKeys<G>>]?: EntryValue<G[K]>;
};

const BASE_SCHEMAS: Record<SettingDefinition['kind'], () => z.ZodType> = {
  integer: () => z.number(),
  flag: () => z.boolean(),
  choice: () => z.string(),
  text: () => z.string(),
  'text-list': () => z.array(z.string()),
  'choice-map': () => z.record(z.string(), z.string()),
  targets: () => notificationTargetsSchema,
};

/**
 * A setting's schema: the base type from zod, then the definition's own check, so the
 * loader says exactly what the workflow would say and accepts exactly what it accepts.
 */
function settingSchema(def: SettingDefinition): z.ZodType {
  return BASE_SCHEMAS[def.kind]().superRefine((value, ctx) => {
    for (const problem of valueProblems(def, value)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
}

/** A strict object (a misspelt key is an error naming its path) built from a group of definitions. */
export function settingsSchema<G extends SettingGroup>(group: G): z.ZodType<SettingsOf<G>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, entry] of Object.entries(group)) {
    if (!isSettingDefinition(entry)) shape[name] = settingsSchema(entry).optional();
    else shape[name] = entry.required === true ? settingSchema(entry) : settingSchema(entry).optional();
  }
  return z.strictObject(shape) as unknown as z.ZodType<SettingsOf<G>>;
}
