import type { GoldenImageInput } from '../../common/golden-image';
import type { LaunchGateInput } from '../../common/launch-gate';
import { flattenSettings, isSettingDefinition, type SettingDefinition, type SettingGroup } from '../../common/settings/definition';
import { GOLDEN_IMAGE_SETTINGS } from '../../common/settings/golden-image';
import { LAUNCH_GATE_SETTINGS } from '../../common/settings/launch-gate';
import { TERMINATE_SETTINGS } from '../../common/settings/terminate';
import type { TerminateInput } from '../../common/terminate';
import type { FleetConfig } from '../../starters/fleet-config/fleet-config-schema';
import { FleetConfigError, parseFleetConfig } from '../../starters/fleet-config/load-fleet-config';
import { route } from '../../starters/routing/route';
import { isIgnored } from '../../starters/routing/start-request';
import { validateGoldenImageInput } from '../../workflows/golden-image-validation';
import { resolveLaunchGateSettings } from '../../workflows/launch-gate-settings';
import { settingsProblems } from '../../workflows/terminate-validate';
import { fixture } from '../starters/fixtures';

// Issue 16.2: whatever the loader accepts, the workflow it is routed to accepts; whatever
// the loader rejects, the workflow rejects too, naming the same field. Checked for every
// definition at and just past its limits, through the real loader and route.

type Section = 'launchGate' | 'terminate' | 'goldenImage';

/** Valid text for settings whose format a generic sample cannot meet. */
const VALID_TEXT: Record<string, string> = {
  'launchGate.originBaseUrl': 'https://www.example.com',
  'launchGate.hostHeader': 'www.example.com',
  'launchGate.paths': '/news/',
  'goldenImage.launchTemplateIdParameter': '/web-prod/launch-template-id',
};

/** Text each format must refuse; the first entries are the ones issue 16 found loading. */
const INVALID_TEXT: Record<string, string[]> = {
  'launchGate.originBaseUrl': ['file:///etc/passwd', 'www.example.com', 'https://www.example.com/?q=1', 'https://user@www.example.com'],
  'launchGate.hostHeader': ['www.example.com/news', 'www example com'],
  'launchGate.paths': ['//evil.example/', 'news/', '/a b'],
  'goldenImage.launchTemplateIdParameter': ['web prod', ' '],
};

const SECTIONS: [Section, SettingGroup][] = [
  ['launchGate', LAUNCH_GATE_SETTINGS],
  ['terminate', TERMINATE_SETTINGS],
  ['goldenImage', GOLDEN_IMAGE_SETTINGS],
];

function validValue(name: string, def: SettingDefinition): unknown {
  switch (def.kind) {
    case 'integer':
      return def.min;
    case 'flag':
      return true;
    case 'choice':
      return def.values[0];
    case 'text':
      return VALID_TEXT[name] ?? def.default ?? 'x'.repeat(def.minLength);
    case 'text-list':
      return [VALID_TEXT[name] ?? 'x'];
    case 'choice-map':
      return {};
    case 'targets':
      return {};
  }
}

/** Every required setting of `group` (not of its optional sub-groups), with a valid value. */
function requiredOf(group: SettingGroup, section: Section, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(group)) {
    if (isSettingDefinition(entry) && entry.required) out[key] = validValue(`${section}.${prefix}${key}`, entry);
  }
  return out;
}

/** The smallest valid section with `value` at `path`, each group on the way holding its required settings. */
function sectionWith(section: Section, group: SettingGroup, path: string, value: unknown): Record<string, unknown> {
  const root = requiredOf(group, section, '');
  let node = root;
  let at: SettingGroup = group;
  const keys = path.split('.');
  keys.slice(0, -1).forEach((key, i) => {
    at = at[key] as SettingGroup;
    node[key] = requiredOf(at, section, `${keys.slice(0, i + 1).join('.')}.`);
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
  return root;
}

interface Case {
  section: Section;
  group: SettingGroup;
  path: string;
  value: unknown;
  valid: boolean;
}

function casesFor(section: Section, group: SettingGroup, path: string, def: SettingDefinition): Case[] {
  const name = `${section}.${path}`;
  const ok = (value: unknown): Case => ({ section, group, path, value, valid: true });
  const bad = (value: unknown): Case => ({ section, group, path, value, valid: false });
  switch (def.kind) {
    case 'integer':
      return [ok(def.min), ok(def.max), bad(def.min - 1), bad(def.max + 1), bad(def.min + 0.5), bad(String(def.min))];
    case 'flag':
      return [ok(true), ok(false), bad('yes')];
    case 'choice':
      return [...def.values.map(ok), bad('not-a-choice'), bad(def.values[0]!.toUpperCase() + '!')];
    case 'text':
      return [
        ok(validValue(name, def)),
        bad('x'.repeat(def.maxLength + 1)),
        ...(def.minLength > 0 ? [bad('')] : []),
        ...(INVALID_TEXT[name] ?? []).map(bad),
        bad(42),
      ];
    case 'text-list':
      return [
        ok(validValue(name, def)),
        ...(def.minItems > 0 ? [bad([])] : [ok([])]),
        bad([...(validValue(name, def) as string[]), 'x'.repeat(def.item.maxLength + 1)]),
        ...(INVALID_TEXT[name] ?? []).map((item) => bad([item])),
        bad('/'),
      ];
    case 'choice-map':
      return [
        ok({ ...def.default }),
        ...def.keys.flatMap((key) => def.values.map((v) => ok({ [key]: v }))),
        bad({ 'not-a-key': def.values[0] }),
        bad({ [def.keys[0]!]: 'maybe' }),
        bad([def.keys[0]]),
      ];
    case 'targets':
      return [ok({}), ok({ snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops' }), bad('ops')];
  }
}

const cases = SECTIONS.flatMap(([section, group]) => flattenSettings(group).flatMap(([path, def]) => casesFor(section, group, path, def)));

function load(section: Section, settings: Record<string, unknown>): FleetConfig {
  const config = { version: 1, fleets: [{ name: 'web-prod', match: { prefix: 'web-prod-' }, [section]: settings }] };
  return parseFleetConfig(JSON.stringify(config), 'agreement.json');
}

/** What the workflow says about its input: nothing when it accepts it, else its message. */
function workflowVerdict(section: Section, input: unknown): string | undefined {
  try {
    if (section === 'launchGate') resolveLaunchGateSettings(input as LaunchGateInput);
    if (section === 'terminate') {
      const problems = settingsProblems((input as TerminateInput).settings);
      if (problems.length > 0) return problems.join('; ');
    }
    if (section === 'goldenImage') validateGoldenImageInput(input as GoldenImageInput);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The input the bridge would start the section's workflow with, for a fleet loaded from `config`. */
function routedInput(section: Section, config: FleetConfig): Record<string, unknown> {
  const event = fixture(
    { launchGate: 'eventbridge-launch-lifecycle-action.json', terminate: 'eventbridge-terminate-lifecycle-action.json', goldenImage: 'cloudtrail-create-image.json' }[section],
  );
  // The backup's source instance is in the fleet's group (the bridge reads its group tag).
  const result = route(event, config, { sourceGroup: 'web-prod-WebAsg-1A2B3C4D5E6F' });
  if (isIgnored(result)) throw new Error(`not routed: ${result.ignored}`);
  return result.starts[0]!.args[0] as Record<string, unknown>;
}

const baseline: Record<Section, FleetConfig> = {
  launchGate: load('launchGate', requiredOf(LAUNCH_GATE_SETTINGS, 'launchGate', '')),
  terminate: load('terminate', {}),
  goldenImage: load('goldenImage', requiredOf(GOLDEN_IMAGE_SETTINGS, 'goldenImage', '')),
};

/** upsertSearchAttributes travels beside the gate's settings, not in them (route.ts). */
const workflowSees = (c: Case) => !(c.section === 'launchGate' && c.path === 'upsertSearchAttributes');

test.each(cases.filter((c) => c.valid).map((c) => [c.section, c.path, c.value, c] as const))(
  '%s.%s = %j loads, and the routed workflow accepts it',
  (_section, _path, _value, c) => {
    // Act
    const config = load(c.section, sectionWith(c.section, c.group, c.path, c.value));
    const input = routedInput(c.section, config);

    // Assess
    expect(workflowVerdict(c.section, input)).toBeUndefined();
  },
);

test.each(cases.filter((c) => !c.valid).map((c) => [c.section, c.path, c.value, c] as const))(
  '%s.%s = %j is refused by the loader and by the workflow, both naming the field',
  (_section, _path, value, c) => {
    // Prepare: the input a hand-started run would carry, bypassing the loader.
    const settings = sectionWith(c.section, c.group, c.path, value);
    const input = routedInput(c.section, baseline[c.section]);
    const handMade = { ...input, settings: { ...(input.settings as object), ...settings } };

    // Act
    const loading = () => load(c.section, settings);

    // Assess
    expect(loading).toThrow(FleetConfigError);
    expect(loading).toThrow(`agreement.json: fleets.0.${c.section}.${c.path}`);
    if (workflowSees(c)) expect(workflowVerdict(c.section, handMade)).toContain(`settings.${c.path}`);
  },
);

test('every definition is exercised both ways', () => {
  const definitions = SECTIONS.flatMap(([section, group]) => flattenSettings(group).map(([path]) => `${section}.${path}`));
  const covered = (valid: boolean) => new Set(cases.filter((c) => c.valid === valid).map((c) => `${c.section}.${c.path}`));
  expect([...covered(true)].sort()).toEqual([...definitions].sort());
  expect([...covered(false)].sort()).toEqual([...definitions].sort());
});

test('a fleet\'s scaling-cause policy reaches the terminate workflow\'s settings through route', () => {
  // Prepare
  const causes = { 'instance-refresh': 'unexpected', 'user-request': 'planned' };
  const config = load('terminate', { causes });

  // Act
  const input = routedInput('terminate', config) as unknown as TerminateInput;

  // Assess
  expect(input.settings).toEqual({ fleetName: 'web-prod', causes });
  expect(settingsProblems(input.settings)).toEqual([]);
});

test('the golden-image settings README documents reach the workflow through route: the refresh watch and notifications', () => {
  // Prepare
  const settings = {
    launchTemplateIdParameter: '/web-prod/launch-template-id',
    instanceRefresh: { enabled: true, timeoutMinutes: 90, pollIntervalSeconds: 30 },
    notifications: { snsTopicArn: 'arn:aws:sns:ap-northeast-1:123456789012:ops' },
  };
  const config = load('goldenImage', settings);

  // Act
  const input = routedInput('goldenImage', config) as unknown as GoldenImageInput;

  // Assess
  expect(input.settings).toEqual(settings);
  expect(() => validateGoldenImageInput(input)).not.toThrow();
});
