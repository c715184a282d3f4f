import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandOutcome } from './fleet/ssm';
import type { SimClock } from './clock';
import type { EventSinkOptions } from './events/event-bus';
import type { FaultConfig, Faults, QueuedFault } from './faults';
import type { Fleet } from './fleet/fleet';
import type { FleetSpec } from './setup';
import type { SimulatorState } from './state';

/**
 * What the control API may do to a running simulator. The simulator implements it; declared
 * here so the control API depends only on the parts below it, not on the simulator that serves it.
 */
export interface SimulatorControls {
  readonly url: string;
  readonly fleet: Fleet;
  readonly faults: Faults;
  readonly clock: SimClock;
  state(): SimulatorState;
  setup(spec: FleetSpec): void;
  setFaults(config: FaultConfig): void;
  failNext(fault: QueuedFault): void;
  setOriginPages(pages: Record<string, string>): void;
  setOriginOutage(down: boolean): void;
  setEventSink(options: EventSinkOptions): void;
  setContentSync(instanceId: string, delayMs: number | null): void;
  setCommandOutcome(outcome: CommandOutcome, instanceId?: string): void;
  advance(ms: number): Promise<void>;
}

/** A control request the simulator cannot act on: answered 400 with the reason. */
class ControlError extends Error {}

function object(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ControlError('body is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ControlError('body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function delay(value: unknown, field: string): number | null {
  if (value === null) return null;
  if (typeof value === 'number' && value >= 0) return value;
  throw new ControlError(`${field} must be a number of milliseconds >= 0, or null for never`);
}

/**
 * The simulator's own API under /_sim/ (JSON in, JSON out): state for tests and the demo,
 * and the knobs no AWS API has (faults, content sync, command outcomes, time).
 */
export async function handleControl(sim: SimulatorControls, req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const route = `${req.method ?? 'GET'} /${parts.join('/')}`;
  const send = (status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload, null, 2));
  };
  try {
    const input = object(body);
    if (route === 'GET /health') return send(200, { ok: true, url: sim.url });
    if (route === 'GET /state') return send(200, sim.state());
    if (req.method !== 'POST') return send(404, { error: `no control endpoint ${route}` });
    switch (parts[0]) {
      case 'setup':
        sim.setup(input);
        return send(200, { ok: true });
      case 'faults':
        sim.setFaults(input);
        return send(200, sim.faults.view());
      case 'fail-next':
        sim.failNext(input as never);
        return send(200, sim.faults.view());
      case 'origin':
        if (!input.pages || typeof input.pages !== 'object') throw new ControlError('pages must be an object of path → body');
        sim.setOriginPages(input.pages as Record<string, string>);
        return send(200, { ok: true });
      case 'origin-outage':
        if (typeof input.down !== 'boolean') throw new ControlError('down must be true or false');
        sim.setOriginOutage(input.down);
        return send(200, { ok: true, down: input.down });
      case 'event-sink':
        if (typeof input.url !== 'string') throw new ControlError('url is required');
        sim.setEventSink({ url: input.url });
        return send(200, { ok: true });
      case 'advance':
        if (typeof input.ms !== 'number') throw new ControlError('ms is required');
        await sim.advance(input.ms);
        return send(200, { now: sim.clock.now().toISOString() });
      case 'instances':
        if (parts[2] === 'content-sync' && parts[1]) {
          sim.setContentSync(parts[1], delay(input.delayMs, 'delayMs'));
          return send(200, { ok: true });
        }
        break;
      case 'asg': {
        const region = typeof input.region === 'string' ? input.region : sim.fleet.ctx.defaultRegion;
        const asg = sim.fleet.autoScaling.require(region, parts[1]);
        if (parts[2] === 'desired-capacity' && typeof input.desiredCapacity === 'number') {
          sim.fleet.autoScaling.setDesiredCapacity(asg, input.desiredCapacity);
          return send(200, { ok: true });
        }
        if (parts[2] === 'content-sync-plan' && Array.isArray(input.plan)) {
          asg.contentSyncPlan.push(...input.plan.map((d, i) => delay(d, `plan[${i}]`)));
          return send(200, { ok: true, plan: asg.contentSyncPlan });
        }
        break;
      }
      case 'images':
        if (parts[1] === 'next-outcomes' && Array.isArray(input.outcomes)) {
          for (const outcome of input.outcomes) {
            if (outcome !== 'available' && outcome !== 'failed') throw new ControlError('outcomes are "available" or "failed"');
            sim.fleet.images.nextOutcomes.push(outcome);
          }
          return send(200, { ok: true });
        }
        break;
      case 'ssm':
        if (parts[1] === 'command-outcome') {
          const status = input.status;
          if (status !== 'Success' && status !== 'Failed' && status !== 'TimedOut' && status !== 'Hang') {
            throw new ControlError('status is one of Success, Failed, TimedOut, Hang');
          }
          sim.setCommandOutcome(input as unknown as CommandOutcome, typeof input.instanceId === 'string' ? input.instanceId : undefined);
          return send(200, { ok: true });
        }
        break;
      default:
        break;
    }
    return send(404, { error: `no control endpoint ${route}` });
  } catch (err) {
    // Everything that throws here is a request the fleet refuses (bad field, unknown group, out of range).
    return send(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
