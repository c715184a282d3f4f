import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createAutoScalingApi } from './api/auto-scaling-api';
import { createEc2Api } from './api/ec2-api';
import { createEcsApi } from './api/ecs-api';
import { createSnsApi } from './api/sns-api';
import { createSsmApi } from './api/ssm-api';
import { AwsEndpoint } from './aws-endpoint';
import { ManualClock, ScaledClock, type SimClock } from './clock';
import { ContentHub } from './content/content-hub';
import { closeServer, listenOnLoopback } from './content/http-servers';
import { handleControl, type SimulatorControls } from './control';
import { EventBus, type EventSinkOptions } from './events/event-bus';
import { Faults, type FaultConfig, type QueuedFault } from './faults';
import { DEFAULT_TIMINGS, type SimContext, type Timings } from './fleet/context';
import { Fleet } from './fleet/fleet';
import type { CommandOutcome } from './fleet/ssm';
import { IdGenerator } from './ids';
import { assertLoopbackHost, LoopbackIpAllocator } from './loopback';
import { applyFleetSpec, type FleetSpec } from './setup';
import { stateSnapshot, type SimulatorState } from './state';

export interface SimulatorOptions {
  /** Port of the AWS endpoint and control API; 0 (default) picks a free one. */
  port?: number;
  /** Must be in 127.0.0.0/8. Default 127.0.0.1. */
  host?: string;
  /** Region of calls that carry no SigV4 scope, and of setup entries that name none. Default us-east-1. */
  defaultRegion?: string;
  accountId?: string;
  /** Simulated seconds per real second (default 1); ignored when `clock` is given. */
  speed?: number;
  /** A ManualClock for step-by-step tests. */
  clock?: SimClock;
  timings?: Partial<Timings>;
  /** Port every instance's web server listens on (the gate's replicaPort). Default: the simulator's own port. */
  replicaPort?: number;
  /** First instance "private IP"; later ones count up. Default 127.0.0.2. */
  firstInstanceIp?: string;
  origin?: { port?: number; pages?: Record<string, string> };
  events?: EventSinkOptions;
  faults?: FaultConfig;
  fleet?: FleetSpec;
}

export const DEFAULT_ORIGIN_PAGES: Record<string, string> = {
  '/': '<html><body><h1>www.example.com</h1><p>release 1</p></body></html>',
};

/** A running simulator: its URL for AWS_ENDPOINT_URL, its state, and the knobs the demo and tests turn. */
export class Simulator implements SimulatorControls {
  private readonly pending = new Set<Promise<unknown>>();

  private constructor(
    readonly url: string,
    readonly port: number,
    readonly fleet: Fleet,
    readonly content: ContentHub,
    readonly events: EventBus,
    private readonly endpoint: AwsEndpoint,
    private readonly server: Server,
    readonly faults: Faults,
  ) {}

  get clock(): SimClock {
    return this.fleet.ctx.clock;
  }

  get originUrl(): string {
    return this.content.originUrl;
  }

  get replicaPort(): number {
    return this.content.replicaPort;
  }

  /** Environment for a process (worker, bridge, CLI) that should talk to this simulator. */
  awsEnvironment(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.url,
      AWS_REGION: this.fleet.ctx.defaultRegion,
      AWS_ACCESS_KEY_ID: 'simulator',
      AWS_SECRET_ACCESS_KEY: 'simulator',
    };
  }

  operations(): ReturnType<AwsEndpoint['implemented']> {
    return this.endpoint.implemented();
  }

  state(): SimulatorState {
    return stateSnapshot(this.fleet, this.content, this.events, this.endpoint, this.faults, this.url);
  }

  setup(spec: FleetSpec): void {
    applyFleetSpec(this.fleet, spec);
  }

  setFaults(config: FaultConfig): void {
    this.faults.configure(config);
  }

  failNext(fault: QueuedFault): void {
    this.faults.failNext(fault);
  }

  setOriginPages(pages: Record<string, string>): void {
    this.content.setPages(pages);
  }

  /** An origin outage: every origin request answers 503 until it is set back. */
  setOriginOutage(down: boolean): void {
    this.content.originOutage = down;
  }

  setEventSink(options: EventSinkOptions): void {
    this.events.configure(options);
  }

  setContentSync(instanceId: string, delayMs: number | null): void {
    this.fleet.instances.setContentSync(instanceId, delayMs);
  }

  setCommandOutcome(outcome: CommandOutcome, instanceId?: string): void {
    if (instanceId) this.fleet.ssm.outcomeByInstance.set(instanceId, outcome);
    else this.fleet.ssm.defaultOutcome = outcome;
  }

  /** Moves a ManualClock forward, then waits for the side work it started (web servers, events). */
  async advance(ms: number): Promise<void> {
    if (!(this.clock instanceof ManualClock)) throw new Error('advance needs a simulator started with a ManualClock');
    this.clock.advance(ms);
    await this.settled();
  }

  track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined);
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
  }

  /** Resolves once started web servers are listening and emitted events are delivered. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async stop(): Promise<void> {
    this.clock.cancelAll();
    await this.settled();
    await Promise.all([closeServer(this.server), this.content.close()]);
  }

  async handleAws(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const response = await this.endpoint.handle(req.headers, body);
    res.writeHead(response.status, response.headers).end(response.body);
  }

  static async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const host = options.host ?? '127.0.0.1';
    assertLoopbackHost(host, 'simulator host');
    const clock = options.clock ?? new ScaledClock(options.speed ?? 1);
    const ids = new IdGenerator();
    const content = new ContentHub(clock, options.origin?.pages ?? DEFAULT_ORIGIN_PAGES, options.replicaPort ?? 0, host);
    // Parts built before the simulator exists reach it through this holder.
    const holder: { simulator?: Simulator } = {};
    const track = (work: Promise<unknown>) => {
      if (holder.simulator) holder.simulator.track(work);
      else void work.catch(() => undefined);
    };
    const events = new EventBus(options.events ?? {}, track);
    const ctx: SimContext = {
      clock,
      ids,
      accountId: options.accountId ?? '123456789012',
      defaultRegion: options.defaultRegion ?? 'us-east-1',
      timings: { ...DEFAULT_TIMINGS, ...options.timings },
      events,
      content,
      ips: new LoopbackIpAllocator(options.firstInstanceIp ?? '127.0.0.2'),
      track,
    };
    const fleet = new Fleet(ctx);
    const faults = new Faults();
    const endpoint = new AwsEndpoint(
      { autoscaling: createAutoScalingApi(fleet), ec2: createEc2Api(fleet), ecs: createEcsApi(fleet), ssm: createSsmApi(fleet), sns: createSnsApi(fleet) },
      faults,
      ids,
      ctx.defaultRegion,
      () => clock.now(),
    );
    const { server, port } = await listenOnLoopback(host, options.port ?? 0, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const simulator = holder.simulator;
        const work = simulator
          ? (req.url ?? '/').startsWith('/_sim/')
            ? handleControl(simulator, req, res, body)
            : simulator.handleAws(req, res, body)
          : Promise.resolve(res.writeHead(503).end());
        work.catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
        });
      });
    });
    content.useReplicaPort(port);
    await content.startOrigin(options.origin?.port ?? 0);
    const simulator = new Simulator(`http://${host}:${port}`, port, fleet, content, events, endpoint, server, faults);
    holder.simulator = simulator;
    try {
      if (options.faults) faults.configure(options.faults);
      if (options.fleet) simulator.setup(options.fleet);
    } catch (err) {
      await simulator.stop();
      throw err;
    }
    return simulator;
  }
}

/** Starts the simulator on 127.0.0.1; `AWS_ENDPOINT_URL=<sim.url>` sends the unmodified SDK clients to it. */
export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return Simulator.start(options);
}
