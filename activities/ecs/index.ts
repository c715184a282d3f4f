export { createEcsActivities, DESCRIBE_SERVICES_BATCH } from './ecs-service-activities';
export type { EcsActivities, EcsServiceRef, EcsServiceSnapshot } from './ecs-service-activities';
