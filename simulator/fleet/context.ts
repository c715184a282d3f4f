import type { SimClock } from '../clock';
import type { ContentHub } from '../content/content-hub';
import type { EventBus } from '../events/event-bus';
import type { IdGenerator } from '../ids';
import type { LoopbackIpAllocator } from '../loopback';

/** How long things take, in simulated milliseconds. */
export interface Timings {
  /** EC2 `pending` → `running`; the instance's web server starts then. */
  instanceBootMs: number;
  /** `shutting-down` → `terminated`. */
  instanceShutdownMs: number;
  /** After boot, until an instance serves the origin's content (per ASG or instance overrides). */
  contentSyncMs: number;
  /** CreateImage: `pending` → `available` (or `failed`). */
  imageCreateMs: number;
  /** One ECS task starting (or failing). */
  ecsTaskStartMs: number;
  /** One SSM command invocation running. */
  ssmCommandMs: number;
  /** An instance refresh from start to `Successful`. */
  instanceRefreshMs: number;
}

export const DEFAULT_TIMINGS: Timings = {
  instanceBootMs: 2_000,
  instanceShutdownMs: 2_000,
  contentSyncMs: 5_000,
  imageCreateMs: 60_000,
  ecsTaskStartMs: 5_000,
  ssmCommandMs: 3_000,
  instanceRefreshMs: 30_000,
};

/** What every part of the fleet model shares. */
export interface SimContext {
  clock: SimClock;
  ids: IdGenerator;
  accountId: string;
  defaultRegion: string;
  timings: Timings;
  events: EventBus;
  content: ContentHub;
  ips: LoopbackIpAllocator;
  /** Async side work (web servers, event delivery) the simulator waits for on `settled()` and `stop()`. */
  track(work: Promise<unknown>): void;
}

export interface RequestContext {
  region: string;
  requestId: string;
  operation: string;
  userAgent?: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export function regionKey(region: string, name: string): string {
  return `${region}/${name}`;
}
