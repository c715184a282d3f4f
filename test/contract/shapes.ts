/**
 * The shape of an SDK response: every key path with the JS type found there (arrays
 * collapse to `[]`, request-specific values are ignored), so two endpoints' answers to the
 * same call can be compared field by field.
 */
export function shapeOf(value: unknown, path = '', into = new Map<string, string>()): Map<string, string> {
  if (path.endsWith('$metadata')) return into;
  if (Array.isArray(value)) {
    if (path) into.set(path, 'array');
    for (const item of value) shapeOf(item, `${path}[]`, into);
    return into;
  }
  if (value instanceof Date) {
    into.set(path, 'date');
    return into;
  }
  if (value && typeof value === 'object') {
    if (path) into.set(path, 'object');
    for (const [key, child] of Object.entries(value)) {
      if (child !== undefined) shapeOf(child, path ? `${path}.${key}` : key, into);
    }
    return into;
  }
  into.set(path, typeof value);
  return into;
}

export interface ShapeDiff {
  /** Present in both with different types: the SDK parsed one of them differently. */
  typeMismatches: string[];
  /** Present in the reference (moto), absent from the simulator. */
  missing: string[];
  /** Present in the simulator only. */
  extra: string[];
}

export function compareShapes(reference: unknown, candidate: unknown): ShapeDiff {
  const ref = shapeOf(reference);
  const cand = shapeOf(candidate);
  const diff: ShapeDiff = { typeMismatches: [], missing: [], extra: [] };
  for (const [path, type] of ref) {
    const other = cand.get(path);
    if (other === undefined) diff.missing.push(path);
    else if (other !== type) diff.typeMismatches.push(`${path}: moto ${type}, simulator ${other}`);
  }
  for (const path of cand.keys()) if (!ref.has(path)) diff.extra.push(path);
  return diff;
}
