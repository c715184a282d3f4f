import type { SettingDefinition } from '../../common/settings/definition';

/**
 * How README's setting tables write a definition's range and default. The README test
 * compares each row with these, so a range or default changed on one side only fails it.
 */
export function describeRange(def: SettingDefinition): string {
  const codes = (values: readonly (string | boolean)[]) => values.map((v) => `\`${String(v)}\``).join(', ');
  switch (def.kind) {
    case 'integer':
      return `${def.min}–${def.max}`;
    case 'flag':
      return codes([true, false]);
    case 'choice':
      return codes(def.values);
    case 'text':
      return `${def.minLength}–${def.maxLength} characters${def.format ? `: ${def.format}` : ''}`;
    case 'text-list':
      return `${def.minItems} or more, each ${describeRange(def.item)}`;
    case 'choice-map':
      return `${codes(def.values)} per ${def.keyName}`;
    case 'targets':
      return '`slackWebhook` (`env` or `ssmParameter`), `snsTopicArn`, `region`';
  }
}

/** The ways a README default cell may begin for a definition's default. */
export function defaultSpellings(value: unknown): string[] {
  if (Array.isArray(value)) return [`\`${JSON.stringify(value)}\``, value.map((v) => `\`${String(v)}\``).join(', ')];
  return [`\`${String(value)}\``];
}

export interface TableRow {
  cells: string[];
}

/** Cells of a markdown table row; `\|` inside a cell is a literal bar. */
export function splitRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** The rows of the first table after `heading` (a line of its own), keyed by the header's names. */
export function tableAfter(markdown: string, heading: string): Record<string, string>[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`README has no heading "${heading}"`);
  const first = lines.findIndex((line, i) => i > start && line.startsWith('|'));
  if (first < 0) throw new Error(`no table after "${heading}"`);
  const header = splitRow(lines[first]!);
  const rows: Record<string, string>[] = [];
  for (let i = first + 2; i < lines.length && lines[i]!.startsWith('|'); i += 1) {
    const cells = splitRow(lines[i]!);
    rows.push(Object.fromEntries(header.map((name, j) => [name, cells[j] ?? ''])));
  }
  return rows;
}
