// The simulator's /_sim/state keeps only its most recent calls, so a long run is followed by
// sampling: each sample's window is joined to the last one where the two overlap.
interface CallRecord {
  at: string;
  service: string;
  operation: string;
  region: string;
  status: number;
  error?: string;
}

function overlap(previous: string[], next: string[]): number {
  for (let k = Math.min(previous.length, next.length); k > 0; k--) {
    let same = true;
    for (let i = 0; i < k && same; i++) same = previous[previous.length - k + i] === next[i];
    if (same) return k;
  }
  return 0;
}

export interface CallRecorder {
  /** Takes one more sample now. */
  sample(): Promise<void>;
  stop(): Promise<void>;
  /** Calls of `operation` the simulator answered with 200. */
  succeeded(operation: string): number;
  /** Calls of any operation answered with an error, by error code. */
  errors(): Record<string, number>;
  total(): number;
}

/** Follows every AWS call the simulator answers, sampling GET /_sim/state every `everyMs`. */
export function recordCalls(simulatorUrl: string, everyMs = 300): CallRecorder {
  const calls: CallRecord[] = [];
  let window: string[] = [];
  let busy: Promise<void> = Promise.resolve();
  const sampleOnce = async () => {
    const response = await fetch(`${simulatorUrl}/_sim/state`);
    const state = (await response.json()) as { calls: CallRecord[] };
    const keys = state.calls.map((c) => JSON.stringify(c));
    const known = overlap(window, keys);
    calls.push(...state.calls.slice(known));
    window = keys;
  };
  const sample = () => (busy = busy.then(sampleOnce, sampleOnce));
  const timer = setInterval(() => void sample().catch(() => undefined), everyMs);
  return {
    sample,
    async stop() {
      clearInterval(timer);
      await sample();
    },
    succeeded: (operation) => calls.filter((c) => c.operation === operation && c.status === 200).length,
    errors: () => {
      const out: Record<string, number> = {};
      for (const c of calls) if (c.error) out[c.error] = (out[c.error] ?? 0) + 1;
      return out;
    },
    total: () => calls.length,
  };
}
