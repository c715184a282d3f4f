/** The one task queue every fleet workflow and activity runs on unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'fleet-workflows';
