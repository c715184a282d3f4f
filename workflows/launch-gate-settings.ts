import { ApplicationFailure } from '@temporalio/workflow';
import { LAUNCH_GATE_DEFAULTS, type LaunchGateInput, type ResolvedLaunchGateSettings } from '../common/launch-gate';
import { describeProblem, settingsProblems } from '../common/settings/definition';
import { LAUNCH_GATE_SETTINGS } from '../common/settings/launch-gate';

export const INVALID_LAUNCH_GATE_INPUT = 'InvalidLaunchGateSettings';

function fail(problems: string): never {
  throw ApplicationFailure.nonRetryable(`launch gate: ${problems}`, INVALID_LAUNCH_GATE_INPUT);
}

function invalid(field: string, why: string): never {
  fail(`${field} ${why}`);
}

function requiredText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') invalid(field, 'is required');
}

/**
 * Checks the whole input and applies the defaults, before the gate makes any AWS call:
 * a misconfigured gate must fail at once, naming the field, not after ten checks.
 */
export function resolveLaunchGateSettings(input: LaunchGateInput): ResolvedLaunchGateSettings {
  if (!input || typeof input !== 'object') invalid('input', 'is required');
  const action = input.action;
  if (!action || typeof action !== 'object') invalid('action', 'is required');
  requiredText('action.autoScalingGroupName', action.autoScalingGroupName);
  requiredText('action.lifecycleHookName', action.lifecycleHookName);
  requiredText('action.instanceId', action.instanceId);
  if (!/^i-[0-9a-f]{8,17}$/.test(action.instanceId)) invalid('action.instanceId', `is not an EC2 instance id: "${action.instanceId}"`);
  if (action.lifecycleActionToken !== undefined) requiredText('action.lifecycleActionToken', action.lifecycleActionToken);

  const s = input.settings;
  // The same definitions the fleet configuration is loaded with: what loads, passes here.
  const problems = settingsProblems(LAUNCH_GATE_SETTINGS, s, 'settings');
  if (problems.length > 0) fail(problems.map(describeProblem).join('; '));
  return {
    originBaseUrl: s.originBaseUrl.replace(/\/+$/, ''),
    hostHeader: s.hostHeader,
    paths: s.paths ?? [...LAUNCH_GATE_DEFAULTS.paths],
    replicaScheme: s.replicaScheme ?? LAUNCH_GATE_DEFAULTS.replicaScheme,
    replicaPort: s.replicaPort ?? LAUNCH_GATE_DEFAULTS.replicaPort,
    requestTimeoutMs: s.requestTimeoutMs ?? LAUNCH_GATE_DEFAULTS.requestTimeoutMs,
    checkIntervalSeconds: s.checkIntervalSeconds ?? LAUNCH_GATE_DEFAULTS.checkIntervalSeconds,
    maxChecks: s.maxChecks ?? LAUNCH_GATE_DEFAULTS.maxChecks,
    onGiveUp: s.onGiveUp ?? LAUNCH_GATE_DEFAULTS.onGiveUp,
    hookHeartbeatTimeoutSeconds: s.hookHeartbeatTimeoutSeconds,
    maxBodyBytes: s.maxBodyBytes ?? LAUNCH_GATE_DEFAULTS.maxBodyBytes,
    mode: s.mode ?? LAUNCH_GATE_DEFAULTS.mode,
  };
}
