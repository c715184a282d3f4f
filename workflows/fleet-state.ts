// Pure state transitions of the fleet entity: no Temporal imports, so unit tests and the workflow share them.
import type {
  CloseReleaseWindow,
  FleetState,
  FleetStateView,
  LaunchObserved,
  OpenReleaseWindow,
} from '../common/terminate';

export const DEFAULT_RELEASE_WINDOW_TTL_MINUTES = 60;
/** A window nobody closes must still close: at most a day. */
export const MAX_RELEASE_WINDOW_TTL_MINUTES = 24 * 60;
const KEEP_PREVIOUS_GROUPS = 10;

export function initialFleetState(fleetName: string): FleetState {
  return { fleetName, previousAutoScalingGroupNames: [], launchesObserved: 0, run: 1 };
}

/**
 * A launch makes its ASG current, unless it happened before the launch that made the
 * current ASG current (events can arrive out of order through retries and two transports).
 */
export function applyLaunch(state: FleetState, launch: LaunchObserved): FleetState {
  const next: FleetState = { ...state, launchesObserved: state.launchesObserved + 1 };
  const at = Date.parse(launch.at);
  const since = state.currentSince ? Date.parse(state.currentSince) : Number.NEGATIVE_INFINITY;
  if (!Number.isNaN(at) && at < since) return next;
  next.lastLaunch = launch;
  if (launch.autoScalingGroupName !== state.currentAutoScalingGroupName) {
    next.previousAutoScalingGroupNames = [
      ...(state.currentAutoScalingGroupName ? [state.currentAutoScalingGroupName] : []),
      ...state.previousAutoScalingGroupNames.filter((name) => name !== launch.autoScalingGroupName),
    ].slice(0, KEEP_PREVIOUS_GROUPS);
    next.currentAutoScalingGroupName = launch.autoScalingGroupName;
  }
  next.currentSince = Number.isNaN(at) ? state.currentSince : launch.at;
  return next;
}

export function releaseWindowTtlMinutes(open: OpenReleaseWindow): number {
  const ttl = open.ttlMinutes ?? DEFAULT_RELEASE_WINDOW_TTL_MINUTES;
  if (!Number.isFinite(ttl) || ttl <= 0) return DEFAULT_RELEASE_WINDOW_TTL_MINUTES;
  return Math.min(ttl, MAX_RELEASE_WINDOW_TTL_MINUTES);
}

/** Opening an open window again extends it (a second deploy in the same release). */
export function applyOpen(state: FleetState, open: OpenReleaseWindow, nowMs: number): FleetState {
  const expiresAt = new Date(nowMs + releaseWindowTtlMinutes(open) * 60_000).toISOString();
  return {
    ...state,
    releaseWindow: {
      openedBy: open.by || 'unknown',
      reason: open.reason,
      openedAt: state.releaseWindow?.openedAt ?? new Date(nowMs).toISOString(),
      expiresAt,
    },
  };
}

export function applyClose(
  state: FleetState,
  how: 'signal' | 'expired',
  nowMs: number,
  close?: CloseReleaseWindow,
): FleetState {
  if (!state.releaseWindow) return state;
  return {
    ...state,
    releaseWindow: undefined,
    lastClosedReleaseWindow: {
      ...state.releaseWindow,
      closedAt: new Date(nowMs).toISOString(),
      closedBy: how === 'expired' ? 'expiry' : close?.by || 'unknown',
      closedHow: how,
      closeReason: close?.reason,
    },
  };
}

export function isReleaseWindowOpen(state: FleetState, nowMs: number): boolean {
  return state.releaseWindow !== undefined && Date.parse(state.releaseWindow.expiresAt) > nowMs;
}

export function viewFleetState(state: FleetState, nowMs: number): FleetStateView {
  return { ...state, releaseWindowOpen: isReleaseWindowOpen(state, nowMs), answeredAt: new Date(nowMs).toISOString() };
}
