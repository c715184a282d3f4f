/** A `--since` value: an ISO 8601 time, or a duration back from now such as 90m, 24h or 7d. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const duration = /^(\d+)\s*(m|h|d)$/i.exec(value.trim());
  if (duration) {
    const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2]!.toLowerCase() as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(duration[1]) * unitMs);
  }
  // Date.parse alone accepts "1" or "May"; requiring the year-month-day form keeps typos from becoming 2001.
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw new RangeError(`expected an ISO 8601 time (2026-11-27T09:00:00Z) or a duration (90m, 24h, 7d), got ${JSON.stringify(value)}`);
  return new Date(at);
}
