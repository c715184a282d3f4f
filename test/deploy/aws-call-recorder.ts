import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of the simulator that writes down each AWS operation passing
 * through it as its IAM action (`ec2:CreateImage`). Only the process pointed at it (the
 * worker, through AWS_ENDPOINT_URL) is recorded: the scenario's own setup calls and the
 * bridge go straight to the simulator.
 */
export interface AwsCallRecorder {
  url: string;
  /** Where calls go; set once the simulator is up. */
  upstream?: string;
  readonly actions: Set<string>;
  /** Auto Scaling group names each action named (query protocol calls), to check resource scoping. */
  readonly groupNames: Map<string, Set<string>>;
  close(): Promise<void>;
}

/** JSON protocols name the operation in X-Amz-Target, query protocols in the form's Action. */
export function iamActionOf(headers: IncomingMessage['headers'], body: string): string | undefined {
  // SigV4's credential scope names the signing service: autoscaling, ec2, ecs, ssm, sns are also the IAM prefixes.
  const service = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(headers.authorization ?? '')?.[1];
  if (!service) return undefined;
  const target = headers['x-amz-target'];
  const operation = typeof target === 'string' ? target.split('.')[1] : new URLSearchParams(body).get('Action');
  return operation ? `${service}:${operation}` : undefined;
}

export async function startAwsCallRecorder(): Promise<AwsCallRecorder> {
  const actions = new Set<string>();
  const groupNames = new Map<string, Set<string>>();
  const recorder: AwsCallRecorder = { url: '', actions, groupNames, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = iamActionOf(req.headers, body.toString('utf8'));
      if (action) {
        actions.add(action);
        const group = new URLSearchParams(body.toString('utf8')).get('AutoScalingGroupName');
        if (group) groupNames.set(action, (groupNames.get(action) ?? new Set()).add(group));
      }
      if (!recorder.upstream) {
        res.writeHead(503).end('recorder has no upstream yet');
        return;
      }
      const upstream = new URL(req.url ?? '/', recorder.upstream);
      const forward = request(upstream, { method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (err) => res.writeHead(502).end(err.message));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  recorder.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return recorder;
}
