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

/** CPU time every process on the machine has spent so far (all cores, idle and iowait excluded), in ms, from /proc/stat. */
export function machineBusyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / TICKS_PER_SECOND;
}

/** CPU time a set of processes spend from now until `stop()`, in ms each; `others` is the rest of the machine's busy time. */
export function watchCpu<K extends string>(pids: Record<K, number>): { stop(): Record<K | 'others', number> } {
  const read = () => Object.fromEntries(Object.entries<number>(pids).map(([name, pid]) => [name, processCpuMs(pid)])) as Record<K, number>;
  const before = read();
  const busyBefore = machineBusyMs();
  return {
    stop() {
      const after = read();
      const spent = Object.fromEntries(Object.keys(pids).map((name) => [name, after[name as K] - before[name as K]])) as Record<K, number>;
      const ours = Object.values<number>(spent).reduce((a, b) => a + b, 0);
      return { ...spent, others: Math.max(0, machineBusyMs() - busyBefore - ours) };
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
