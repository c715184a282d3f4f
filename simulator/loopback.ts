import { isIPv4 } from 'node:net';

/** The simulator may only ever bind to or contact 127.0.0.0/8 (and the name localhost). */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  return isIPv4(host) && host.startsWith('127.');
}

export function assertLoopbackHost(host: string, what: string): void {
  if (!isLoopbackHost(host)) throw new Error(`${what} must be on loopback (127.0.0.0/8), got ${host}`);
}

export function assertLoopbackUrl(url: string, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${what} is not a URL: ${url}`);
  }
  assertLoopbackHost(parsed.hostname, what);
}

/** Hands out "private IPs" 127.0.0.2, 127.0.0.3, … 127.0.1.1, …: each instance its own loopback address. */
export class LoopbackIpAllocator {
  private next: number;

  constructor(first = '127.0.0.2') {
    assertLoopbackHost(first, 'first instance IP');
    const [a, b, c, d] = first.split('.').map(Number) as [number, number, number, number];
    this.next = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  }

  allocate(): string {
    for (;;) {
      const n = this.next++;
      const octets = [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
      if (octets[0] !== 127) throw new Error('loopback addresses exhausted');
      if (octets[3] === 0 || octets[3] === 255) continue;
      return octets.join('.');
    }
  }
}
