import { DEFAULT_CAUSE_POLICY, DEFAULT_DRAIN_COMMANDS, type CauseVerdict, type ScalingCause } from '../terminate';
import type { SettingGroup } from './definition';
import { HOOK_HEARTBEAT_TIMEOUT } from './launch-gate';
import { RUN_MODE } from './run-mode';

const SCALING_CAUSES = Object.keys(DEFAULT_CAUSE_POLICY) as ScalingCause[];
const CAUSE_VERDICTS: readonly CauseVerdict[] = ['planned', 'unexpected'];

/** `terminate:` in the fleet configuration: TerminateSettings less the fleet's name. */
export const TERMINATE_SETTINGS = {
  // Below 5 s the heartbeats alone would crowd the run's history.
  hookHeartbeatIntervalSeconds: { kind: 'integer', min: 5, max: 7200, default: 60 },
  hookHeartbeatTimeoutSeconds: HOOK_HEARTBEAT_TIMEOUT,
  forensics: {
    enabled: { kind: 'flag', default: true },
    noReboot: { kind: 'flag', default: true },
    // Two days: the longest a lifecycle action can be held (the hook's global timeout, 48 h).
    imageTimeoutMinutes: { kind: 'integer', min: 1, max: 2880, default: 240 },
    imagePollIntervalSeconds: { kind: 'integer', min: 5, max: 3600, default: 60 },
  },
  drain: {
    enabled: { kind: 'flag', default: true },
    commands: { kind: 'text-list', minItems: 0, item: { kind: 'text', minLength: 1, maxLength: 4096 }, default: DEFAULT_DRAIN_COMMANDS },
    // SSM's executionTimeout range.
    commandTimeoutSeconds: { kind: 'integer', min: 1, max: 172_800, default: 120 },
    monitoring: {
      kind: { kind: 'choice', values: ['zabbix', 'none'], required: true },
      hostNameFrom: { kind: 'choice', values: ['private-dns-name', 'instance-id', 'name-tag'], default: 'private-dns-name' },
      action: { kind: 'choice', values: ['delete', 'disable'], default: 'delete' },
    },
  },
  causes: { kind: 'choice-map', keyName: 'scaling cause', keys: SCALING_CAUSES, values: CAUSE_VERDICTS, default: DEFAULT_CAUSE_POLICY },
  notifications: { kind: 'targets' },
  mode: RUN_MODE,
} as const satisfies SettingGroup;
