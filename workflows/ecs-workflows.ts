// The ECS workflows the worker registers (and the progress query clients use).
export { ecsStartupWorkflow } from './ecs-startup';
export { ecsShutdownWorkflow } from './ecs-shutdown';
export { ecsPlanLockWorkflow, releaseEcsPlanLockSignal } from './ecs-plan-lock';
export { ecsProgressQuery, legacyEcsProgressQuery } from './ecs-run';
