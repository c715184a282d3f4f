export { startSimulator, Simulator, DEFAULT_ORIGIN_PAGES, type SimulatorOptions } from './simulator';
export { ManualClock, ScaledClock, type SimClock } from './clock';
export type { FleetSpec } from './setup';
export type { SimulatorState } from './state';
export type { FaultConfig, QueuedFault } from './faults';
export type { EventBridgeEvent, LifecycleActionDetail, CloudTrailDetail } from './events/eventbridge';
export type { Timings } from './fleet/context';
export type { CommandOutcome } from './fleet/ssm';
