// Plain checks of the terminate input, run before any AWS call; each problem names its field.
import type { LifecycleActionRef } from '../common/lifecycle';
import type { RunMode } from '../common/observe';
import { describeProblem, settingsProblems as problemsAgainst } from '../common/settings/definition';
import { TERMINATE_SETTINGS } from '../common/settings/terminate';
import type { TerminateSettings } from '../common/terminate';

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** Problems with the lifecycle action itself: without it nothing can be completed. */
export function actionProblems(action: LifecycleActionRef | undefined): string[] {
  if (!action || typeof action !== 'object') return ['action: required'];
  const problems: string[] = [];
  if (!nonEmpty(action.autoScalingGroupName)) problems.push('action.autoScalingGroupName: required');
  if (!nonEmpty(action.lifecycleHookName)) problems.push('action.lifecycleHookName: required');
  if (typeof action.instanceId !== 'string' || !INSTANCE_ID.test(action.instanceId)) {
    problems.push(`action.instanceId: expected an EC2 instance id such as i-0123456789abcdef0, got ${JSON.stringify(action.instanceId)}`);
  }
  if (action.lifecycleActionToken !== undefined && !nonEmpty(action.lifecycleActionToken)) {
    problems.push('action.lifecycleActionToken: must not be empty when given');
  }
  return problems;
}

/** The same definitions the fleet configuration is loaded with: what loads, passes here. */
export function settingsProblems(settings: TerminateSettings | undefined): string[] {
  if (!settings || typeof settings !== 'object') return ['settings: required'];
  const problems: string[] = [];
  if (!nonEmpty(settings.fleetName)) problems.push('settings.fleetName: required');
  return [...problems, ...problemsAgainst(TERMINATE_SETTINGS, settings, 'settings').map(describeProblem)];
}

/**
 * The mode a run keeps, read before its settings are validated: a mode that is set but is not
 * `act` (a typo included) observes, since a run meant to watch must never write.
 */
export function runModeOf(settings: TerminateSettings | undefined): RunMode {
  const mode = settings && typeof settings === 'object' ? settings.mode : undefined;
  return mode === undefined || mode === 'act' ? 'act' : 'observe';
}
