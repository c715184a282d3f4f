import type { Filter, Tag } from '@aws-sdk/client-ec2';
import { SimError } from '../wire/errors';

/**
 * EC2 `Filter.N.Name` / `Filter.N.Value.M` semantics: every filter must match (AND), any of a
 * filter's values may match (OR), `*` and `?` are wildcards; `tag:<key>` and `tag-key` work on
 * every resource. `values(name)` returns the resource's values for a filter name, or undefined
 * when the resource type knows no such filter.
 */
export function matchesFilters(filters: Filter[] | undefined, tags: Tag[], values: (name: string) => string[] | undefined): boolean {
  for (const filter of filters ?? []) {
    const name = filter.Name ?? '';
    let actual: string[] | undefined;
    if (name.startsWith('tag:')) actual = tags.filter((t) => t.Key === name.slice(4)).map((t) => t.Value ?? '');
    else if (name === 'tag-key') actual = tags.map((t) => t.Key ?? '');
    else if (name === 'tag-value') actual = tags.map((t) => t.Value ?? '');
    else actual = values(name);
    if (actual === undefined) throw new SimError('InvalidParameterValue', `The filter '${name}' is invalid`);
    const wanted = (filter.Values ?? []).map(wildcard);
    if (!actual.some((value) => wanted.some((re) => re.test(value)))) return false;
  }
  return true;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export function tagsFor(specs: Array<{ ResourceType?: string; Tags?: Tag[] }> | undefined, resourceType: string): Array<{ Key: string; Value: string }> {
  return (specs ?? [])
    .filter((spec) => spec.ResourceType === resourceType)
    .flatMap((spec) => spec.Tags ?? [])
    .map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}
