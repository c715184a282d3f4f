import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of one process so far, in ms, from /proc/<pid>/stat (fields 14 and 15). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** CPU time a set of processes spend from now until `stop()`, in ms each. */
export function watchCpu<K extends string>(pids: Record<K, number>): { stop(): Record<K, number> } {
  const read = () => Object.fromEntries(Object.entries<number>(pids).map(([name, pid]) => [name, processCpuMs(pid)])) as Record<K, number>;
  const before = read();
  return {
    stop() {
      const after = read();
      return Object.fromEntries(Object.keys(pids).map((name) => [name, after[name as K] - before[name as K]])) as Record<K, number>;
    },
  };
}

/** The Temporal CLI dev server listening on `address` (host:port): the process whose arguments name its port. */
export function findDevServerPid(address: string): number {
  const port = address.split(':').pop()!;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('--port');
      if (args.includes('start-dev') && at >= 0 && args[at + 1] === port) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no temporal dev server process found for ${address}`);
}
