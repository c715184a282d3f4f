import type { LifecycleActionRef } from './lifecycle';
import type { LifecyclePlace } from './launch-gate';
import type { NotificationTargets } from './notifications';

export const TERMINATE_WORKFLOW = 'terminateWorkflow';
export const FLEET_WORKFLOW = 'fleetWorkflow';

/** Signal names of the per-fleet entity workflow, shared by the bridge, the CLI and the workflow. */
export const FLEET_SIGNALS = {
  launchObserved: 'launchObserved',
  openReleaseWindow: 'openReleaseWindow',
  closeReleaseWindow: 'closeReleaseWindow',
} as const;

export interface LaunchObserved {
  autoScalingGroupName: string;
  instanceId: string;
  /** Event time, ISO 8601. */
  at: string;
}

export interface OpenReleaseWindow {
  /** The window closes itself after this long. Default 60. */
  ttlMinutes?: number;
  by: string;
  reason?: string;
}

export interface CloseReleaseWindow {
  by: string;
  reason?: string;
}

export interface ForensicsSettings {
  /** Default true. */
  enabled?: boolean;
  /** CreateImage NoReboot. Default true. */
  noReboot?: boolean;
  /** Give up waiting for `available` after this long. Default 240. */
  imageTimeoutMinutes?: number;
}

export interface MonitoringSettings {
  kind: 'zabbix' | 'none';
  /** What Zabbix knows the host as. Default 'private-dns-name'. */
  hostNameFrom?: 'private-dns-name' | 'instance-id' | 'name-tag';
  /** Default 'delete'; 'disable' keeps the host's history. */
  action?: 'delete' | 'disable';
}

export interface DrainSettings {
  /** Default true. */
  enabled?: boolean;
  /** Shell commands run through SSM AWS-RunShellScript. Default: flush td-agent (SIGUSR1), stop zabbix-agent. */
  commands?: string[];
  /** Default 120. */
  commandTimeoutSeconds?: number;
  /** Default { kind: 'zabbix' } when the worker has Zabbix configured, else none. */
  monitoring?: MonitoringSettings;
}

export interface TerminateSettings {
  fleetName: string;
  forensics?: ForensicsSettings;
  drain?: DrainSettings;
  /** How often the lifecycle action is kept alive. Default 60. */
  hookHeartbeatIntervalSeconds?: number;
  /** The hook's heartbeat timeout; read with DescribeLifecycleHooks when absent. */
  hookHeartbeatTimeoutSeconds?: number;
  notifications?: NotificationTargets;
}

export interface TerminateInput {
  action: LifecycleActionRef;
  origin?: LifecyclePlace;
  destination?: LifecyclePlace;
  settings: TerminateSettings;
}

export interface FleetInput {
  fleetName: string;
}
