import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenSettings, type SettingDefinition, type SettingGroup } from '../../common/settings/definition';
import { GOLDEN_IMAGE_SETTINGS } from '../../common/settings/golden-image';
import { LAUNCH_GATE_SETTINGS } from '../../common/settings/launch-gate';
import { TERMINATE_SETTINGS } from '../../common/settings/terminate';
import { defaultSpellings, describeRange, tableAfter } from './readme-tables';

// Issue 16.2: README's setting tables and the definitions the loader and the workflows use
// agree, row by row: every setting documented exists, every one that exists is documented,
// and each row's default and range are the definition's.

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

const TABLES: [string, SettingGroup][] = [
  ['### Launch gate settings', LAUNCH_GATE_SETTINGS],
  ['### Terminate settings', TERMINATE_SETTINGS],
  ['### Golden image settings', GOLDEN_IMAGE_SETTINGS],
];

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1');

function defaultProblem(def: SettingDefinition, cell: string): string | undefined {
  if (def.required) return cell.startsWith('required') ? undefined : `default should say "required", says "${cell}"`;
  if (def.kind === 'choice-map') return undefined; // a table of its own, checked below
  const documented = 'default' in def ? def.default : undefined;
  if (documented === undefined) {
    return cell.startsWith('`') ? `README states a default (${cell}) the definition does not have` : undefined;
  }
  const spellings = defaultSpellings(documented);
  return spellings.some((s) => cell.startsWith(s)) ? undefined : `default should begin ${spellings.join(' or ')}, says "${cell}"`;
}

describe.each(TABLES)('README %s', (heading, group) => {
  const rows = tableAfter(readme, heading);
  const definitions = new Map(flattenSettings(group));

  test('documents every defined setting, and only those', () => {
    expect(rows.map((row) => unquote(row.setting!)).sort()).toEqual([...definitions.keys()].sort());
  });

  test.each(rows.map((row) => [unquote(row.setting!), row] as const))('%s: default and range are the definition\'s', (name, row) => {
    const def = definitions.get(name);
    expect(def).toBeDefined();
    expect(defaultProblem(def!, row.default!)).toBeUndefined();
    expect(row.range).toBe(describeRange(def!));
  });
});

test('README\'s scaling-cause table is the default policy', () => {
  // Prepare
  const causes = TERMINATE_SETTINGS.causes;

  // Act
  const rows = tableAfter(readme, '#### Scaling causes');

  // Assess
  const documented = Object.fromEntries(rows.map((row) => [unquote(row['scaling cause']!), unquote(row.default!)]));
  expect(documented).toEqual(causes.default);
  expect(Object.keys(documented).sort()).toEqual([...causes.keys].sort());
});
