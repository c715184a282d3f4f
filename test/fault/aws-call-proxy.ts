// A loopback proxy between one worker and the simulator. The simulator records what it
// answered, but not for which instance nor when the request began; a fault test needs both:
// which worker wrote what, whether a write was in flight when a worker was stopped, and how
// often each instance's lifecycle action was completed.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  /** Which proxy (worker) it came through. */
  via: string;
  operation: string;
  instanceId?: string;
  startedAt: number;
  /** Unset while the simulator has not answered. */
  endedAt?: number;
  status?: number;
}

export interface AwsCallProxy {
  readonly url: string;
  readonly calls: ProxiedCall[];
  close(): Promise<void>;
}

/** Auto Scaling speaks the query protocol: `Action=CompleteLifecycleAction&InstanceId=i-…` in a form body. */
function describeQueryCall(body: string): { operation: string; instanceId?: string } {
  const form = new URLSearchParams(body);
  return { operation: form.get('Action') ?? 'unknown', instanceId: form.get('InstanceId') ?? undefined };
}

/** Forwards every request to `target()` unchanged and appends each call to `calls` (shared between proxies). */
export async function startAwsCallProxy(via: string, target: () => string, calls: ProxiedCall[] = []): Promise<AwsCallProxy> {
  const server: Server = createServer((incoming, outgoing) => {
    // A worker killed mid-call leaves its socket half-open; that is the point, not a proxy failure.
    incoming.on('error', () => undefined);
    outgoing.on('error', () => undefined);
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const jsonTarget = incoming.headers['x-amz-target'];
      const described = typeof jsonTarget === 'string' ? { operation: jsonTarget.split('.').pop() ?? jsonTarget } : describeQueryCall(body.toString('utf8'));
      const call: ProxiedCall = { via, ...described, startedAt: Date.now() };
      calls.push(call);
      const upstream = new URL(target());
      const forwarded = request(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          // The simulator has applied the call once it answers, whether or not the worker is still there to read it.
          call.status = answer.statusCode;
          call.endedAt = Date.now();
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', (err) => {
        call.endedAt = Date.now();
        call.status = 502;
        if (!outgoing.headersSent) outgoing.writeHead(502);
        outgoing.end(err.message);
      });
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Per instance: how many times `operation` was sent, and how many the simulator accepted (HTTP 200). */
export function perInstance(calls: ProxiedCall[], operation: string): Map<string, { sent: number; accepted: number }> {
  const counts = new Map<string, { sent: number; accepted: number }>();
  for (const call of calls) {
    if (call.operation !== operation || !call.instanceId) continue;
    const entry = counts.get(call.instanceId) ?? { sent: 0, accepted: 0 };
    entry.sent += 1;
    if (call.status === 200) entry.accepted += 1;
    counts.set(call.instanceId, entry);
  }
  return counts;
}
