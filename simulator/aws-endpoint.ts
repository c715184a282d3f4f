import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceApi } from './api/handler';
import type { Faults } from './faults';
import type { RequestContext } from './fleet/context';
import type { IdGenerator } from './ids';
import { SimError } from './wire/errors';
import {
  jsonError,
  jsonSuccess,
  operationSchema,
  queryError,
  querySuccess,
  SERVICES,
  unclaimedQueryError,
  unknownOperation,
  type ServiceName,
  type WireResponse,
} from './wire/protocols';
import { parseQueryInput } from './wire/query-codec';

export interface CallRecord {
  at: string;
  service: ServiceName | 'unknown';
  operation: string;
  region: string;
  status: number;
  error?: string;
}

/** SigV4: `Credential=AKID/20260105/us-east-1/autoscaling/aws4_request` names the region and the service. */
function credentialScope(headers: IncomingHttpHeaders): { region?: string; service?: string } {
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(headers.authorization ?? '');
  return match ? { region: match[1], service: match[2] } : {};
}

/**
 * One endpoint for every service, as AWS_ENDPOINT_URL makes the SDK send them: JSON 1.1
 * calls are told apart by X-Amz-Target, query calls by the signature's service name (or,
 * unsigned, by which service knows the Action).
 */
export class AwsEndpoint {
  readonly calls: CallRecord[] = [];

  constructor(
    private readonly apis: Record<ServiceName, ServiceApi>,
    private readonly faults: Faults,
    private readonly ids: IdGenerator,
    private readonly defaultRegion: string,
    private readonly now: () => Date,
  ) {}

  /** Operation names per service: what the simulator answers instead of InvalidAction / UnknownOperationException. */
  implemented(): Record<ServiceName, string[]> {
    return Object.fromEntries(Object.entries(this.apis).map(([service, api]) => [service, Object.keys(api).sort()])) as Record<ServiceName, string[]>;
  }

  async handle(headers: IncomingHttpHeaders, body: string): Promise<WireResponse> {
    const requestId = this.ids.uuid();
    const scope = credentialScope(headers);
    const region = scope.region ?? this.defaultRegion;
    const target = typeof headers['x-amz-target'] === 'string' ? headers['x-amz-target'] : undefined;

    if (target) {
      const [prefix, operation = ''] = target.split('.');
      const service = (Object.keys(SERVICES) as ServiceName[]).find((name) => {
        const s = SERVICES[name];
        return s.protocol === 'json' && s.targetPrefix === prefix;
      });
      if (!service) {
        return this.record('unknown', operation, region, jsonError(new SimError('UnknownOperationException', `Unknown target ${target}`), requestId));
      }
      return this.record(service, operation, region, await this.dispatchJson(service, operation, body, { region, requestId, operation, userAgent: headers['user-agent'] }));
    }

    const form = new URLSearchParams(body);
    const action = form.get('Action') ?? '';
    const service = this.queryService(scope.service, action);
    if (!service) {
      const err = new SimError('InvalidAction', `Could not tell which AWS service the action '${action}' is for`);
      return this.record('unknown', action, region, unclaimedQueryError(err, requestId));
    }
    return this.record(service, action, region, await this.dispatchQuery(service, action, form, { region, requestId, operation: action, userAgent: headers['user-agent'] }));
  }

  private queryService(signed: string | undefined, action: string): ServiceName | undefined {
    if (signed === 'autoscaling' || signed === 'ec2' || signed === 'sns') return signed;
    if (signed === 'email' || signed === 'monitoring') return undefined;
    return (['autoscaling', 'ec2', 'sns'] as const).find((name) => action in this.apis[name]);
  }

  private async dispatchQuery(service: ServiceName, action: string, form: URLSearchParams, call: RequestContext): Promise<WireResponse> {
    const spec = SERVICES[service];
    if (spec.protocol !== 'query') throw new Error('not a query service');
    try {
      const handler = this.apis[service][action];
      const schema = operationSchema(spec, action);
      if (!handler || !schema) throw unknownOperation(service, action);
      await this.injectFaults(service, action);
      const output = await handler(parseQueryInput(schema, form, spec.dialect), call);
      return querySuccess(spec, action, schema, output, call.requestId);
    } catch (err) {
      return queryError(spec, asSimError(err), call.requestId);
    }
  }

  private async dispatchJson(service: ServiceName, operation: string, body: string, call: RequestContext): Promise<WireResponse> {
    try {
      const handler = this.apis[service][operation];
      if (!handler) throw unknownOperation(service, operation);
      let input: unknown;
      try {
        input = body.trim() === '' ? {} : JSON.parse(body);
      } catch {
        throw new SimError('SerializationException', 'Request body is not valid JSON');
      }
      await this.injectFaults(service, operation);
      return jsonSuccess(await handler(input, call), call.requestId);
    } catch (err) {
      return jsonError(asSimError(err), call.requestId);
    }
  }

  private async injectFaults(service: ServiceName, operation: string): Promise<void> {
    const { latencyMs, error } = this.faults.decide(service, operation);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (error) throw error;
  }

  private record(service: CallRecord['service'], operation: string, region: string, response: WireResponse): WireResponse {
    let error: string | undefined;
    if (response.status >= 400) error = /"__type":"([^"]+)"|<Code>([^<]+)<\/Code>/.exec(response.body)?.slice(1).find(Boolean);
    this.calls.push({ at: this.now().toISOString(), service, operation, region, status: response.status, error });
    if (this.calls.length > 2000) this.calls.splice(0, this.calls.length - 2000);
    return response;
  }
}

function asSimError(err: unknown): SimError {
  if (err instanceof SimError) return err;
  // A bug in the simulator answers as AWS's own failures do, instead of crashing the server.
  return new SimError('InternalFailure', `fleet simulator error: ${err instanceof Error ? err.message : String(err)}`, 500, 'Receiver');
}
