import { seededRandom } from './random';
import type { ServiceName } from './wire/protocols';
import { SimError } from './wire/errors';

/** Random faults, at rates between 0 and 1, on every operation or only on those listed ("Op" or "service:Op"). */
export interface FaultConfig {
  throttleRate?: number;
  serverErrorRate?: number;
  latencyMs?: number;
  latencyRate?: number;
  operations?: string[];
  seed?: number;
}

/** A deterministic fault for the next `count` calls of one operation. */
export interface QueuedFault {
  operation: string;
  kind: 'throttle' | 'server-error' | 'error';
  /** For kind 'error': the AWS error code, message and HTTP status. */
  code?: string;
  message?: string;
  status?: number;
  count?: number;
}

const THROTTLE: Record<ServiceName, [string, number, string]> = {
  autoscaling: ['Throttling', 400, 'Rate exceeded'],
  sns: ['Throttling', 400, 'Rate exceeded'],
  ec2: ['RequestLimitExceeded', 503, 'Request limit exceeded.'],
  ecs: ['ThrottlingException', 400, 'Rate exceeded'],
  ssm: ['ThrottlingException', 400, 'Rate exceeded'],
};

const SERVER_ERROR: Record<ServiceName, string> = {
  autoscaling: 'InternalFailure',
  sns: 'InternalError',
  ec2: 'InternalError',
  ecs: 'ServerException',
  ssm: 'InternalServerError',
};

export function throttlingError(service: ServiceName): SimError {
  const [code, status, message] = THROTTLE[service];
  return new SimError(code, message, status);
}

export function serverError(service: ServiceName): SimError {
  return new SimError(SERVER_ERROR[service], 'We encountered an internal error. Please try again.', 500, 'Receiver');
}

export class Faults {
  private config: FaultConfig = {};
  private random = seededRandom(1);
  private queued: Array<QueuedFault & { count: number }> = [];
  injected = 0;

  configure(config: FaultConfig): void {
    for (const key of ['throttleRate', 'serverErrorRate', 'latencyRate'] as const) {
      const rate = config[key];
      if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new Error(`faults.${key} must be between 0 and 1, got ${rate}`);
    }
    this.config = { ...config };
    this.random = seededRandom(config.seed ?? 1);
  }

  failNext(fault: QueuedFault): void {
    if (!fault.operation) throw new Error('failNext: operation is required');
    this.queued.push({ ...fault, count: fault.count ?? 1 });
  }

  view(): { config: FaultConfig; queued: QueuedFault[]; injected: number } {
    return { config: this.config, queued: this.queued.map((q) => ({ ...q })), injected: this.injected };
  }

  /** What happens to this call: extra latency, and possibly an error instead of the answer. */
  decide(service: ServiceName, operation: string): { latencyMs: number; error?: SimError } {
    const matches = (name: string) => name === operation || name === `${service}:${operation}`;
    const queued = this.queued.find((q) => matches(q.operation));
    if (queued) {
      queued.count -= 1;
      if (queued.count <= 0) this.queued = this.queued.filter((q) => q !== queued);
      this.injected += 1;
      const error =
        queued.kind === 'throttle'
          ? throttlingError(service)
          : queued.kind === 'server-error'
            ? serverError(service)
            : new SimError(queued.code ?? 'InternalFailure', queued.message ?? 'injected fault', queued.status ?? 400);
      return { latencyMs: 0, error };
    }
    const { operations, throttleRate = 0, serverErrorRate = 0, latencyMs = 0, latencyRate = 0 } = this.config;
    if (operations && operations.length > 0 && !operations.some(matches)) return { latencyMs: 0 };
    const latency = latencyMs > 0 && this.random() < latencyRate ? latencyMs : 0;
    if (throttleRate > 0 && this.random() < throttleRate) {
      this.injected += 1;
      return { latencyMs: latency, error: throttlingError(service) };
    }
    if (serverErrorRate > 0 && this.random() < serverErrorRate) {
      this.injected += 1;
      return { latencyMs: latency, error: serverError(service) };
    }
    return { latencyMs: latency };
  }
}
