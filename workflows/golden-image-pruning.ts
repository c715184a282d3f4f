import type { ProtectedVersion } from '../common/golden-image';

export interface PruningPlan {
  kept: number[];
  protected: ProtectedVersion[];
  toDelete: number[];
}

/**
 * Keeps the newest `keep` versions; of the older ones, deletes all but the default version and
 * any version a group names by number (deleting those would break the group's next launch).
 */
export function planPruning(
  versions: number[],
  keep: number,
  defaultVersion: number | undefined,
  references: { autoScalingGroupName: string; version: string }[],
): PruningPlan {
  const newestFirst = [...new Set(versions)].sort((a, b) => b - a);
  const kept = newestFirst.slice(0, keep);
  const plan: PruningPlan = { kept, protected: [], toDelete: [] };
  for (const version of newestFirst.slice(keep)) {
    const referencedBy = references.find((r) => /^\d+$/.test(r.version) && Number(r.version) === version);
    if (version === defaultVersion) plan.protected.push({ version, reason: 'default-version' });
    else if (referencedBy) plan.protected.push({ version, reason: `referenced-by:${referencedBy.autoScalingGroupName}` });
    else plan.toDelete.push(version);
  }
  plan.toDelete.sort((a, b) => a - b);
  return plan;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
