import { metricMeter } from '@temporalio/workflow';

/**
 * What operators count on a dashboard: one counter, tagged by action and outcome
 * (e.g. action=launch_gate outcome=passed). Exposed with the SDK's own metrics on
 * METRICS_BIND_ADDRESS; the SDK suppresses it during replay, so each outcome counts once.
 */
export type ActionOutcome =
  | { action: 'launch_gate'; outcome: 'passed' | 'abandoned' | 'continued_on_give_up' | 'left_to_hook' | 'action_gone' | 'cancelled' }
  | { action: 'launch_gate_check'; outcome: 'origin_unavailable' }
  | { action: 'forensic_image'; outcome: 'created' | 'failed' }
  | { action: 'drain'; outcome: 'succeeded' | 'failed' }
  | { action: 'ecs_service'; outcome: 'started' | 'failed' | 'skipped' | 'stopped' }
  | { action: 'launch_template_version'; outcome: 'created' | 'pruned' | 'prune_failed' };

export function countOutcome({ action, outcome }: ActionOutcome, value = 1): void {
  metricMeter
    .createCounter('fleet_action_outcomes', 'count', 'Outcomes of fleet actions')
    .add(value, { action, outcome });
}

/** Writes an observing run did not send, by call: the dashboard's view of a fleet being cut over. */
export function countWouldHave(call: string): void {
  metricMeter.createCounter('fleet_observed_writes', 'count', 'Writes not sent by runs in observe mode').add(1, { call });
}
