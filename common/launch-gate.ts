import type { LifecycleActionRef } from './lifecycle';

export const LAUNCH_GATE_WORKFLOW = 'launchGateWorkflow';

/** What happens when the replica never syncs: complete with a result, or leave it to the hook. */
export type GiveUpResult = 'ABANDON' | 'CONTINUE' | 'HOOK_DEFAULT';

/** Where an instance comes from and goes to in a lifecycle event (warm pools add `WarmPool`). */
export type LifecyclePlace = 'EC2' | 'WarmPool' | 'AutoScalingGroup';

/** Per-ASG gate settings, resolved by the bridge from the fleet configuration. */
export interface LaunchGateSettings {
  /** Origin base URL, e.g. https://www.example.com */
  originBaseUrl: string;
  /** Host header sent to the replica (the site's name). */
  hostHeader: string;
  /** Paths compared on every check. Default ["/"]. */
  paths?: string[];
  /** Default 'http'. */
  replicaScheme?: 'http' | 'https';
  /** Default 80. */
  replicaPort?: number;
  /** Per request. Default 5000. */
  requestTimeoutMs?: number;
  /** Between checks. Default 30. */
  checkIntervalSeconds?: number;
  /** Default 10. */
  maxChecks?: number;
  /** Default 'ABANDON'. */
  onGiveUp?: GiveUpResult;
  /** The hook's heartbeat timeout; read with DescribeLifecycleHooks when absent. */
  hookHeartbeatTimeoutSeconds?: number;
  /** Response bodies larger than this are not compared (never "in sync"). Default 10 MiB. */
  maxBodyBytes?: number;
}

export interface LaunchGateInput {
  action: LifecycleActionRef;
  origin?: LifecyclePlace;
  destination?: LifecyclePlace;
  settings: LaunchGateSettings;
}
