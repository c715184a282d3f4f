// Plain checks of the terminate input, run before any AWS call; each problem names its field.
import type { LifecycleActionRef } from '../common/lifecycle';
import type { TerminateSettings } from '../common/terminate';

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function checkNumber(problems: string[], field: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    problems.push(`${field}: expected a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}

function checkOneOf(problems: string[], field: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    problems.push(`${field}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
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

export function settingsProblems(settings: TerminateSettings | undefined): string[] {
  if (!settings || typeof settings !== 'object') return ['settings: required'];
  const problems: string[] = [];
  if (!nonEmpty(settings.fleetName)) problems.push('settings.fleetName: required');
  checkNumber(problems, 'settings.hookHeartbeatIntervalSeconds', settings.hookHeartbeatIntervalSeconds, 5, 7200);
  // Auto Scaling accepts heartbeat timeouts from 30 s to 7200 s.
  checkNumber(problems, 'settings.hookHeartbeatTimeoutSeconds', settings.hookHeartbeatTimeoutSeconds, 30, 7200);
  const forensics = settings.forensics;
  if (forensics !== undefined) {
    checkNumber(problems, 'settings.forensics.imageTimeoutMinutes', forensics.imageTimeoutMinutes, 1, 2880);
    checkNumber(problems, 'settings.forensics.imagePollIntervalSeconds', forensics.imagePollIntervalSeconds, 5, 3600);
  }
  const drain = settings.drain;
  if (drain !== undefined) {
    if (drain.commands !== undefined && (!Array.isArray(drain.commands) || drain.commands.some((c) => typeof c !== 'string'))) {
      problems.push('settings.drain.commands: expected a list of shell commands');
    }
    // SSM's executionTimeout range.
    checkNumber(problems, 'settings.drain.commandTimeoutSeconds', drain.commandTimeoutSeconds, 1, 172800);
    if (drain.monitoring !== undefined) {
      checkOneOf(problems, 'settings.drain.monitoring.kind', drain.monitoring.kind, ['zabbix', 'none']);
      checkOneOf(problems, 'settings.drain.monitoring.hostNameFrom', drain.monitoring.hostNameFrom, ['private-dns-name', 'instance-id', 'name-tag']);
      checkOneOf(problems, 'settings.drain.monitoring.action', drain.monitoring.action, ['delete', 'disable']);
    }
  }
  return problems;
}
