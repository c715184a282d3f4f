// Owned by the ECS startup/shutdown work (issue 5): the plan's zod schema, its graph
// validation and the workflow inputs live here.
export const ECS_STARTUP_WORKFLOW = 'ecsStartupWorkflow';
export const ECS_SHUTDOWN_WORKFLOW = 'ecsShutdownWorkflow';
