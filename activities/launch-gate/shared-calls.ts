export interface SharedCallOptions<A extends unknown[]> {
  /** Calls whose arguments give the same key share one answer. */
  key(...args: A): string;
  /** How long an answer is kept after it came; 0: shared only while the call is in flight. */
  keepMs: number;
  now?: () => number;
}

/**
 * One call for every caller that asks the same while it is in flight, and for `keepMs` after it
 * answered. A failed call is never kept: the next caller asks again. In a scale-out burst
 * hundreds of gates ask the same origin URL and the same hook within seconds.
 */
export function sharedCalls<A extends unknown[], R>(
  call: (...args: A) => Promise<R>,
  options: SharedCallOptions<A>,
): ((...args: A) => Promise<R>) & { readonly size: number } {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { answer: Promise<R>; answeredAt?: number }>();
  const forget = (key: string, entry: { answer: Promise<R> }) => {
    if (entries.get(key) === entry) entries.delete(key);
  };
  const shared = (...args: A): Promise<R> => {
    const key = options.key(...args);
    const known = entries.get(key);
    if (known && (known.answeredAt === undefined || now() - known.answeredAt < options.keepMs)) return known.answer;
    const entry: { answer: Promise<R>; answeredAt?: number } = { answer: call(...args) };
    entries.set(key, entry);
    entry.answer.then(
      () => {
        if (options.keepMs > 0) entry.answeredAt = now();
        else forget(key, entry);
      },
      () => forget(key, entry),
    );
    return entry.answer;
  };
  return Object.defineProperty(shared, 'size', { get: () => entries.size }) as typeof shared & { readonly size: number };
}
