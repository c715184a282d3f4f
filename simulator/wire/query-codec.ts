import { NormalizedSchema } from '@smithy/core/schema';
import type { StaticOperationSchema } from '@smithy/types';

/**
 * The AWS query protocols (awsQuery for Auto Scaling and SNS, ec2Query for EC2), driven by
 * the installed SDK's own operation schemas, so request keys and response element names are
 * the ones the real clients send and expect rather than a hand-copied list.
 */
export type QueryDialect = 'awsQuery' | 'ec2Query';

interface FormNode {
  value?: string;
  children: Map<string, FormNode>;
}

function formTree(form: URLSearchParams): FormNode {
  const root: FormNode = { children: new Map() };
  for (const [key, value] of form) {
    let node = root;
    for (const part of key.split('.')) {
      let child = node.children.get(part);
      if (!child) {
        child = { children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function inputKey(member: NormalizedSchema, memberName: string, dialect: QueryDialect): string {
  const traits = member.getMergedTraits();
  if (dialect === 'ec2Query') {
    if (typeof traits.ec2QueryName === 'string') return traits.ec2QueryName;
    if (typeof traits.xmlName === 'string') return capitalize(traits.xmlName);
    return memberName;
  }
  return typeof traits.xmlName === 'string' ? traits.xmlName : memberName;
}

function indexed(node: FormNode): FormNode[] {
  return [...node.children.entries()]
    .filter(([key]) => /^\d+$/.test(key))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}

function readValue(schema: NormalizedSchema, node: FormNode, dialect: QueryDialect): unknown {
  if (schema.isListSchema()) {
    const member = schema.getValueSchema();
    const flattened = dialect === 'ec2Query' || Boolean(schema.getMergedTraits().xmlFlattened);
    const memberName = (member.getMergedTraits().xmlName as string | undefined) ?? 'member';
    const holder = flattened ? node : node.children.get(memberName);
    return holder ? indexed(holder).map((item) => readValue(member, item, dialect)) : [];
  }
  if (schema.isMapSchema()) {
    const flattened = Boolean(schema.getMergedTraits().xmlFlattened);
    const keyName = (schema.getKeySchema().getMergedTraits().xmlName as string | undefined) ?? 'key';
    const valueName = (schema.getValueSchema().getMergedTraits().xmlName as string | undefined) ?? 'value';
    const holder = flattened ? node : node.children.get('entry');
    const out: Record<string, unknown> = {};
    for (const entry of holder ? indexed(holder) : []) {
      const key = entry.children.get(keyName)?.value;
      const value = entry.children.get(valueName);
      if (key !== undefined && value) out[key] = readValue(schema.getValueSchema(), value, dialect);
    }
    return out;
  }
  if (schema.isStructSchema()) return readStruct(schema, node, dialect);
  const raw = node.value ?? '';
  if (schema.isBooleanSchema()) return raw === 'true';
  if (schema.isNumericSchema()) return Number(raw);
  if (schema.isTimestampSchema()) return new Date(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : raw);
  return raw;
}

function readStruct(schema: NormalizedSchema, node: FormNode, dialect: QueryDialect): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of schema.structIterator()) {
    const child = node.children.get(inputKey(member, name, dialect));
    if (child) out[name] = readValue(member, child, dialect);
  }
  return out;
}

/** Form-encoded request → the SDK's input object (e.g. DescribeInstancesCommandInput). */
export function parseQueryInput(operation: StaticOperationSchema, form: URLSearchParams, dialect: QueryDialect): Record<string, unknown> {
  return readStruct(NormalizedSchema.of(operation[4]), formTree(form), dialect);
}

type XmlTree = Record<string, unknown>;

function elementName(member: NormalizedSchema, memberName: string): string {
  const xmlName = member.getMergedTraits().xmlName;
  return typeof xmlName === 'string' ? xmlName : memberName;
}

function writeValue(schema: NormalizedSchema, value: unknown, dialect: QueryDialect): unknown {
  if (value === undefined || value === null) return undefined;
  if (schema.isListSchema()) {
    const member = schema.getValueSchema();
    const items = (value as unknown[]).map((item) => writeValue(member, item, dialect));
    if (schema.getMergedTraits().xmlFlattened) return items;
    const memberName = (member.getMergedTraits().xmlName as string | undefined) ?? (dialect === 'ec2Query' ? 'item' : 'member');
    return items.length === 0 ? '' : { [memberName]: items };
  }
  if (schema.isMapSchema()) {
    const keyName = (schema.getKeySchema().getMergedTraits().xmlName as string | undefined) ?? 'key';
    const valueName = (schema.getValueSchema().getMergedTraits().xmlName as string | undefined) ?? 'value';
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => ({
      [keyName]: k,
      [valueName]: writeValue(schema.getValueSchema(), v, dialect),
    }));
    return entries.length === 0 ? '' : { entry: entries };
  }
  if (schema.isStructSchema()) return writeStruct(schema, value as Record<string, unknown>, dialect);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function writeStruct(schema: NormalizedSchema, value: Record<string, unknown>, dialect: QueryDialect): XmlTree {
  const out: XmlTree = {};
  for (const [name, member] of schema.structIterator()) {
    const written = writeValue(member, value[name], dialect);
    if (written !== undefined) out[elementName(member, name)] = written;
  }
  return out;
}

/** The SDK's output object → the XML element tree of the response body (fast-xml-parser form). */
export function queryOutputTree(operation: StaticOperationSchema, output: Record<string, unknown>, dialect: QueryDialect): XmlTree {
  return writeStruct(NormalizedSchema.of(operation[5]), output, dialect);
}
