import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { firstCheckFits, gateClock, hookTimeouts } from '../../common/launch-gate-timing';
import type { PathComparison } from '../../common/launch-gate';
import type { LifecycleActionRef } from '../../common/lifecycle';
import type { LifecycleHookSettings } from '../lifecycle-actions';
import type { CompareContentRequest } from './compare-content';
import type { InstanceAddress } from './describe-instance-address';
import { sharedCalls } from './shared-calls';

export interface FirstLookRequest {
  action: LifecycleActionRef;
  /** The fleet's heartbeat timeout; the hook is looked up only when this is absent. */
  hookHeartbeatTimeoutSeconds?: number;
  /** When the action started, by the workflow's clock (ms since the epoch). */
  actionStartedAtMs: number;
  /**
   * The workflow's clock when it asked for the look. The look counts time from there by the
   * worker's clock, since the server's (whose time the workflow keeps) may differ from it.
   */
  workflowNowMs: number;
  compare: Omit<CompareContentRequest, 'replicaIp'>;
}

export interface FirstLook {
  /** DescribeLifecycleHooks' answer (null: no such hook); absent when the fleet configures the timeout. */
  hook?: LifecycleHookSettings | null;
  /** Why DescribeLifecycleHooks can never answer (access denied, say): the gate assumes AWS's defaults. */
  hookError?: string;
  address: InstanceAddress;
  /** The first check; absent when the instance is gone, or a heartbeat or the decision is due before a check could end. */
  paths?: PathComparison[];
  /** Why the comparison could not run (bad settings): the first check counts as "cannot compare". */
  compareError?: string;
}

export interface FirstLookParts {
  describeLifecycleHook(ref: LifecycleActionRef): Promise<LifecycleHookSettings | undefined>;
  describeInstanceAddress(ref: LifecycleActionRef): Promise<InstanceAddress>;
  compareContent(request: CompareContentRequest): Promise<PathComparison[]>;
  /** The worker's clock. */
  now?: () => number;
}

/** A hook's clocks change rarely, and a scale-out burst asks about the same hook once per instance. */
const HOOK_CACHE_MS = 60_000;

function isNonRetryable(err: unknown): err is ApplicationFailure {
  return err instanceof ApplicationFailure && err.nonRetryable === true;
}

/**
 * A gate's first workflow task in one local activity: the hook's clocks, the instance's
 * address and, when it fits before the first heartbeat, the first comparison. As three local
 * activities these were three markers and three round trips to the workflow; most gates of a
 * burst pass on this check. Transient errors throw, so the whole look is retried.
 */
export function createFirstLookActivities(parts: FirstLookParts) {
  const now = parts.now ?? Date.now;
  // Shared while in flight too: the gates of a burst ask at the same moment, before any answer.
  const describeHookCached = sharedCalls(parts.describeLifecycleHook, {
    key: (ref) => JSON.stringify([ref.region ?? '', ref.autoScalingGroupName, ref.lifecycleHookName]),
    keepMs: HOOK_CACHE_MS,
    now,
  });

  return {
    async firstLook(request: FirstLookRequest): Promise<FirstLook> {
      const look: Partial<FirstLook> = {};
      if (request.hookHeartbeatTimeoutSeconds === undefined) {
        try {
          look.hook = (await describeHookCached(request.action)) ?? null;
        } catch (err) {
          if (!isNonRetryable(err)) throw err;
          look.hookError = err.message;
        }
      }
      const address = await parts.describeInstanceAddress(request.action);
      if (address.kind === 'gone') return { ...look, address };
      const timeouts = hookTimeouts(request.hookHeartbeatTimeoutSeconds, look.hook ?? undefined);
      const clock = gateClock(request.actionStartedAtMs, timeouts, {
        paths: request.compare.paths.length,
        requestTimeoutMs: request.compare.requestTimeoutMs,
      });
      const sinceAsked = Math.max(0, now() - activityInfo().scheduledTimestampMs);
      if (!firstCheckFits(clock, request.workflowNowMs + sinceAsked)) return { ...look, address };
      try {
        return { ...look, address, paths: await parts.compareContent({ ...request.compare, replicaIp: address.privateIp }) };
      } catch (err) {
        return { ...look, address, compareError: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}

export type FirstLookActivities = ReturnType<typeof createFirstLookActivities>;
