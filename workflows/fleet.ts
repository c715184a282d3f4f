import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  log,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import {
  FLEET_QUERIES,
  FLEET_SIGNALS,
  type CloseReleaseWindow,
  type FleetInput,
  type FleetState,
  type FleetStateView,
  type LaunchObserved,
  type OpenReleaseWindow,
} from '../common/terminate';
import { applyClose, applyLaunch, applyOpen, initialFleetState, viewFleetState } from './fleet-state';

export const launchObservedSignal = defineSignal<[LaunchObserved]>(FLEET_SIGNALS.launchObserved);
export const openReleaseWindowSignal = defineSignal<[OpenReleaseWindow]>(FLEET_SIGNALS.openReleaseWindow);
export const closeReleaseWindowSignal = defineSignal<[CloseReleaseWindow]>(FLEET_SIGNALS.closeReleaseWindow);
export const fleetStateQuery = defineQuery<FleetStateView>(FLEET_QUERIES.state);
export const fleetProgressQuery = defineQuery<FleetStateView>(FLEET_QUERIES.progress);

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 500;

/**
 * The per-fleet entity (`fleet/<name>`): remembers the current ASG from launch events and
 * the release window, answers "is this ASG current? is a release under way?" and never
 * ends; continue-as-new keeps its history bounded and carries the state over.
 */
export async function fleetWorkflow(input: FleetInput): Promise<void> {
  if (!input || typeof input.fleetName !== 'string' || input.fleetName.trim() === '') {
    throw ApplicationFailure.nonRetryable('fleetWorkflow: input.fleetName is required', 'InvalidInput');
  }
  const limit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  let state: FleetState = input.state
    ? { ...input.state, run: input.state.run + 1 }
    : initialFleetState(input.fleetName);
  let eventsThisRun = 0;
  let changed = false;

  setHandler(launchObservedSignal, (launch) => {
    state = applyLaunch(state, launch);
    eventsThisRun += 1;
    changed = true;
  });
  setHandler(openReleaseWindowSignal, (open) => {
    state = applyOpen(state, open ?? { by: 'unknown' }, Date.now());
    log.info('release window opened', { fleet: state.fleetName, by: open?.by, expiresAt: state.releaseWindow?.expiresAt });
    eventsThisRun += 1;
    changed = true;
  });
  setHandler(closeReleaseWindowSignal, (close) => {
    state = applyClose(state, 'signal', Date.now(), close);
    log.info('release window closed', { fleet: state.fleetName, by: close?.by });
    eventsThisRun += 1;
    changed = true;
  });
  setHandler(fleetStateQuery, () => viewFleetState(state, Date.now()));
  setHandler(fleetProgressQuery, () => viewFleetState(state, Date.now()));

  for (;;) {
    publishMemo(state);
    changed = false;
    const expiresInMs = state.releaseWindow ? Date.parse(state.releaseWindow.expiresAt) - Date.now() : undefined;
    if (expiresInMs !== undefined && expiresInMs <= 0) {
      state = applyClose(state, 'expired', Date.now());
      log.info('release window expired', { fleet: state.fleetName });
      continue;
    }
    const wantsNewRun = () => eventsThisRun >= limit || workflowInfo().continueAsNewSuggested;
    if (expiresInMs === undefined) {
      await condition(() => changed || wantsNewRun());
    } else {
      // The window's expiry is a durable timer: a forgotten window closes itself.
      await condition(() => changed || wantsNewRun(), expiresInMs);
    }
    if (wantsNewRun()) {
      // Signals that arrive while we wait are applied to `state` before it is carried over.
      await condition(allHandlersFinished);
      await continueAsNew<typeof fleetWorkflow>({ ...input, state });
    }
  }
}

function publishMemo(state: FleetState): void {
  upsertMemo({
    currentAutoScalingGroupName: state.currentAutoScalingGroupName ?? null,
    releaseWindowExpiresAt: state.releaseWindow?.expiresAt ?? null,
    launchesObserved: state.launchesObserved,
  });
}
