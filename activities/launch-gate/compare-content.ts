import { isIP } from 'node:net';
import { activityInfo, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PathComparison } from '../../common/launch-gate';
import { digestKey, fetchDigest, type HttpDigest, type HttpDigestLimits } from './http-digest';
import { sharedCalls } from './shared-calls';

export interface CompareContentRequest {
  originBaseUrl: string;
  hostHeader: string;
  paths: string[];
  /** The instance's private IP as EC2 reported it; nothing else is accepted. */
  replicaIp: string;
  replicaScheme: 'http' | 'https';
  replicaPort: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
}

const MAX_REDIRECTS = 5;

function invalid(field: string, why: string): never {
  throw ApplicationFailure.nonRetryable(`compareContent: ${field} ${why}`, 'InvalidLaunchGateSettings');
}

function originTarget(originBaseUrl: string) {
  let url: URL;
  try {
    url = new URL(originBaseUrl);
  } catch {
    return invalid('originBaseUrl', 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') invalid('originBaseUrl', 'must be http or https');
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const basePath = url.pathname.replace(/\/+$/, '');
  return {
    scheme,
    connectHost: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : scheme === 'https' ? 443 : 80,
    hostHeader: url.host,
    basePath,
  } as const;
}

function judge(path: string, origin: HttpDigest, replica: HttpDigest): PathComparison {
  const base = {
    path,
    originStatus: origin.kind === 'error' ? undefined : origin.status,
    replicaStatus: replica.kind === 'error' ? undefined : replica.status,
    originSha256: origin.kind === 'response' ? origin.sha256 : undefined,
    replicaSha256: replica.kind === 'response' ? replica.sha256 : undefined,
  };
  // Without a good origin answer there is nothing to compare against: never "in sync".
  if (origin.kind === 'error') return { ...base, result: 'cannot-compare', detail: `origin unreachable: ${origin.detail}` };
  if (origin.kind === 'redirect-elsewhere') {
    return { ...base, result: 'cannot-compare', detail: `origin redirects to another site (${origin.location})` };
  }
  if (origin.kind === 'too-large') {
    return { ...base, result: 'cannot-compare', detail: `origin body larger than ${origin.limit} bytes (maxBodyBytes)` };
  }
  if (origin.status < 200 || origin.status > 299) {
    return { ...base, result: 'cannot-compare', detail: `origin answered HTTP ${origin.status}` };
  }
  if (replica.kind === 'error') return { ...base, result: 'not-in-sync', detail: `replica unreachable: ${replica.detail}` };
  if (replica.kind === 'redirect-elsewhere') {
    return { ...base, result: 'not-in-sync', detail: `replica redirects to another site (${replica.location})` };
  }
  if (replica.kind === 'too-large') {
    return { ...base, result: 'not-in-sync', detail: `replica body larger than ${replica.limit} bytes (maxBodyBytes)` };
  }
  if (replica.status < 200 || replica.status > 299) {
    return { ...base, result: 'not-in-sync', detail: `replica answered HTTP ${replica.status}` };
  }
  if (origin.sha256 !== replica.sha256) {
    return { ...base, result: 'not-in-sync', detail: `replica body differs (${replica.bytes} bytes vs ${origin.bytes} at the origin)` };
  }
  return { ...base, result: 'in-sync', detail: `same SHA-256 (${origin.bytes} bytes)` };
}

/** Compares every path's body at the origin and at the replica; the HTTP side of the launch gate. */
export function createCompareContentActivities() {
  // A check that joins gets an answer whose request started at most one request timeout before its own.
  const fetchOriginDigest = sharedCalls(fetchDigest, { key: digestKey, keepMs: 0 });
  return {
    async compareContent(request: CompareContentRequest): Promise<PathComparison[]> {
      if (isIP(request.replicaIp) === 0) invalid('replicaIp', `must be an IP address from EC2, got "${request.replicaIp}"`);
      if (!request.hostHeader || /[\s/@]/.test(request.hostHeader)) invalid('hostHeader', 'must be a host name');
      if (request.paths.length === 0) invalid('paths', 'must not be empty');
      for (const path of request.paths) {
        // "//evil.example/" would be read as another host by URL resolution.
        if (!path.startsWith('/') || path.startsWith('//')) invalid('paths', `entry "${path}" must start with a single "/"`);
      }
      const origin = originTarget(request.originBaseUrl);
      const limits: HttpDigestLimits = {
        timeoutMs: request.requestTimeoutMs,
        maxBodyBytes: request.maxBodyBytes,
        maxRedirects: MAX_REDIRECTS,
      };
      const results: PathComparison[] = [];
      for (const path of request.paths) {
        const [originDigest, replicaDigest] = await Promise.all([
          fetchOriginDigest({ ...origin, path: `${origin.basePath}${path}` }, limits),
          fetchDigest(
            {
              scheme: request.replicaScheme,
              connectHost: request.replicaIp,
              port: request.replicaPort,
              hostHeader: request.hostHeader,
              path,
            },
            limits,
          ),
        ]);
        results.push(judge(path, originDigest, replicaDigest));
        // A local activity (the gate's first check) has no heartbeat to record; the server would refuse it.
        if (!activityInfo().isLocal) heartbeat({ comparedPaths: results.length });
      }
      return results;
    },
  };
}

export type CompareContentActivities = ReturnType<typeof createCompareContentActivities>;
