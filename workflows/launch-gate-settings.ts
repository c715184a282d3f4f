import { ApplicationFailure } from '@temporalio/workflow';
import {
  LAUNCH_GATE_DEFAULTS,
  type GiveUpResult,
  type LaunchGateInput,
  type ResolvedLaunchGateSettings,
} from '../common/launch-gate';

export const INVALID_LAUNCH_GATE_INPUT = 'InvalidLaunchGateSettings';

function invalid(field: string, why: string): never {
  throw ApplicationFailure.nonRetryable(`launch gate: ${field} ${why}`, INVALID_LAUNCH_GATE_INPUT);
}

// Plain patterns rather than URL: workflow code stays free of anything environment-dependent.
const ORIGIN_URL = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s?#]*)?$/;
const HOST_HEADER = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;
const PATH = /^\/(?!\/)[^\s#]*$/;
const GIVE_UP: GiveUpResult[] = ['ABANDON', 'CONTINUE', 'HOOK_DEFAULT'];

function positiveInteger(field: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) invalid(field, `must be an integer from 1 to ${max}, got ${value}`);
  return value;
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
  if (!s || typeof s !== 'object') invalid('settings', 'is required');
  if (typeof s.originBaseUrl !== 'string' || !ORIGIN_URL.test(s.originBaseUrl)) {
    invalid('settings.originBaseUrl', `must be an http(s) URL like https://www.example.com, got "${String(s.originBaseUrl)}"`);
  }
  if (typeof s.hostHeader !== 'string' || !HOST_HEADER.test(s.hostHeader)) {
    invalid('settings.hostHeader', `must be a host name like www.example.com, got "${String(s.hostHeader)}"`);
  }
  const paths = s.paths ?? [...LAUNCH_GATE_DEFAULTS.paths];
  if (!Array.isArray(paths) || paths.length === 0) invalid('settings.paths', 'must list at least one path');
  for (const path of paths) {
    if (typeof path !== 'string' || !PATH.test(path)) invalid('settings.paths', `entry "${String(path)}" must start with a single "/"`);
  }
  const replicaScheme = s.replicaScheme ?? LAUNCH_GATE_DEFAULTS.replicaScheme;
  if (replicaScheme !== 'http' && replicaScheme !== 'https') invalid('settings.replicaScheme', 'must be http or https');
  const onGiveUp = s.onGiveUp ?? LAUNCH_GATE_DEFAULTS.onGiveUp;
  if (!GIVE_UP.includes(onGiveUp)) invalid('settings.onGiveUp', `must be one of ${GIVE_UP.join(', ')}`);
  if (s.hookHeartbeatTimeoutSeconds !== undefined) {
    // Auto Scaling allows 30 s to 7200 s.
    positiveInteger('settings.hookHeartbeatTimeoutSeconds', s.hookHeartbeatTimeoutSeconds, 7200);
    if (s.hookHeartbeatTimeoutSeconds < 30) invalid('settings.hookHeartbeatTimeoutSeconds', 'must be at least 30');
  }
  return {
    originBaseUrl: s.originBaseUrl.replace(/\/+$/, ''),
    hostHeader: s.hostHeader,
    paths,
    replicaScheme,
    replicaPort: positiveInteger('settings.replicaPort', s.replicaPort ?? LAUNCH_GATE_DEFAULTS.replicaPort, 65535),
    requestTimeoutMs: positiveInteger(
      'settings.requestTimeoutMs',
      s.requestTimeoutMs ?? LAUNCH_GATE_DEFAULTS.requestTimeoutMs,
      120_000,
    ),
    checkIntervalSeconds: positiveInteger(
      'settings.checkIntervalSeconds',
      s.checkIntervalSeconds ?? LAUNCH_GATE_DEFAULTS.checkIntervalSeconds,
      86_400,
    ),
    maxChecks: positiveInteger('settings.maxChecks', s.maxChecks ?? LAUNCH_GATE_DEFAULTS.maxChecks, 1_000),
    onGiveUp,
    hookHeartbeatTimeoutSeconds: s.hookHeartbeatTimeoutSeconds,
    maxBodyBytes: positiveInteger('settings.maxBodyBytes', s.maxBodyBytes ?? LAUNCH_GATE_DEFAULTS.maxBodyBytes, 1024 ** 3),
  };
}
