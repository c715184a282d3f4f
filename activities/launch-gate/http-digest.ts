import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

/** Where one GET goes: the TCP peer is `connectHost`, the site is `hostHeader`. */
export interface HttpDigestTarget {
  scheme: 'http' | 'https';
  connectHost: string;
  port: number;
  /** Sent as the Host header (and as TLS server name); may carry a port. */
  hostHeader: string;
  path: string;
}

export interface HttpDigestLimits {
  /** For the whole exchange, redirects included. */
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
}

export type HttpDigest =
  | { kind: 'response'; status: number; sha256: string; bytes: number }
  | { kind: 'redirect-elsewhere'; status: number; location: string }
  | { kind: 'too-large'; status: number; limit: number }
  | { kind: 'error'; detail: string };

/** Two GETs with the same key fetch the same bytes the same way. */
export function digestKey(target: HttpDigestTarget, limits: HttpDigestLimits): string {
  return JSON.stringify([target.scheme, target.connectHost, target.port, target.hostHeader, target.path, limits]);
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function hostnameOf(hostHeader: string): string {
  return new URL(`http://${hostHeader}`).hostname;
}

/**
 * GETs a path and returns the SHA-256 of its body. Redirects are followed only when they
 * stay on the same site and scheme, and then always to the same TCP peer, so a replica can
 * never send the check to another machine. Bodies over the cap are cut off, never hashed.
 */
export async function fetchDigest(target: HttpDigestTarget, limits: HttpDigestLimits): Promise<HttpDigest> {
  const deadline = Date.now() + limits.timeoutMs;
  let path = target.path;
  for (let hop = 0; ; hop += 1) {
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) return { kind: 'error', detail: `timed out after ${limits.timeoutMs} ms` };
    const answer = await getOnce({ ...target, path }, remainingMs, limits);
    if (answer.kind !== 'redirect') return answer;
    const base = `${target.scheme}://${target.hostHeader}${path}`;
    let next: URL;
    try {
      next = new URL(answer.location, base);
    } catch {
      return { kind: 'redirect-elsewhere', status: answer.status, location: answer.location };
    }
    const sameSite = next.protocol === `${target.scheme}:` && next.hostname === hostnameOf(target.hostHeader);
    if (!sameSite) return { kind: 'redirect-elsewhere', status: answer.status, location: next.href };
    if (hop >= limits.maxRedirects) return { kind: 'error', detail: `more than ${limits.maxRedirects} redirects` };
    path = `${next.pathname}${next.search}`;
  }
}

type OneAnswer = Exclude<HttpDigest, { kind: 'redirect-elsewhere' }> | { kind: 'redirect'; status: number; location: string };

function getOnce(target: HttpDigestTarget, remainingMs: number, limits: HttpDigestLimits): Promise<OneAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: OneAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const options: https.RequestOptions = {
      method: 'GET',
      host: target.connectHost,
      port: target.port,
      path: target.path,
      headers: { host: target.hostHeader, accept: '*/*', 'user-agent': 'fleet-workflows-launch-gate' },
      // A fresh connection per request: no pooled socket may outlive the activity.
      agent: false,
      servername: target.scheme === 'https' ? hostnameOf(target.hostHeader) : undefined,
    };
    const request = (target.scheme === 'https' ? https : http).request(options, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        response.destroy();
        finish({ kind: 'redirect', status, location });
        return;
      }
      const hash = createHash('sha256');
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limits.maxBodyBytes) {
          response.destroy();
          finish({ kind: 'too-large', status, limit: limits.maxBodyBytes });
          return;
        }
        hash.update(chunk);
      });
      response.on('end', () => finish({ kind: 'response', status, sha256: hash.digest('hex'), bytes }));
      response.on('error', (err) => finish({ kind: 'error', detail: describeNetworkError(err) }));
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({ kind: 'error', detail: `timed out after ${limits.timeoutMs} ms` });
    }, remainingMs);
    request.on('error', (err) => finish({ kind: 'error', detail: describeNetworkError(err) }));
    request.end();
  });
}

function describeNetworkError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}: ${err.message}` : err.message;
}
