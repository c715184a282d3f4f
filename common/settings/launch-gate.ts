import { LAUNCH_GATE_DEFAULTS } from '../launch-gate';
import type { SettingGroup } from './definition';
import { RUN_MODE } from './run-mode';

/** Auto Scaling accepts heartbeat timeouts from 30 s to 7200 s. */
export const HOOK_HEARTBEAT_TIMEOUT = { kind: 'integer', min: 30, max: 7200 } as const;

/**
 * `launchGate:` in the fleet configuration, which the bridge passes to the gate as its
 * settings (less `upsertSearchAttributes`, which goes beside them in the input).
 */
export const LAUNCH_GATE_SETTINGS = {
  originBaseUrl: {
    kind: 'text',
    minLength: 1,
    maxLength: 2048,
    pattern: /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s?#]*)?$/,
    format: 'an http(s) URL such as https://www.example.com',
    required: true,
  },
  hostHeader: {
    kind: 'text',
    minLength: 1,
    maxLength: 253,
    pattern: /^[A-Za-z0-9.-]+(:\d{1,5})?$/,
    format: 'a host name such as www.example.com',
    required: true,
  },
  paths: {
    kind: 'text-list',
    minItems: 1,
    // `//x` would reach another host once joined to the replica's address.
    item: { kind: 'text', minLength: 1, maxLength: 2048, pattern: /^\/(?!\/)[^\s#]*$/, format: 'a path starting with a single /' },
    default: LAUNCH_GATE_DEFAULTS.paths,
  },
  replicaScheme: { kind: 'choice', values: ['http', 'https'], default: LAUNCH_GATE_DEFAULTS.replicaScheme },
  replicaPort: { kind: 'integer', min: 1, max: 65535, default: LAUNCH_GATE_DEFAULTS.replicaPort },
  // Two minutes per request is already far beyond what a healthy origin takes.
  requestTimeoutMs: { kind: 'integer', min: 1, max: 120_000, default: LAUNCH_GATE_DEFAULTS.requestTimeoutMs },
  checkIntervalSeconds: { kind: 'integer', min: 1, max: 86_400, default: LAUNCH_GATE_DEFAULTS.checkIntervalSeconds },
  maxChecks: { kind: 'integer', min: 1, max: 1_000, default: LAUNCH_GATE_DEFAULTS.maxChecks },
  onGiveUp: { kind: 'choice', values: ['ABANDON', 'CONTINUE', 'HOOK_DEFAULT'], default: LAUNCH_GATE_DEFAULTS.onGiveUp },
  hookHeartbeatTimeoutSeconds: HOOK_HEARTBEAT_TIMEOUT,
  maxBodyBytes: { kind: 'integer', min: 1, max: 1024 ** 3, default: LAUNCH_GATE_DEFAULTS.maxBodyBytes },
  upsertSearchAttributes: { kind: 'flag', default: false },
  mode: RUN_MODE,
} as const satisfies SettingGroup;
