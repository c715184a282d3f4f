import type { Command } from 'commander';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ECS_PROGRESS_QUERY, ECS_SHUTDOWN_WORKFLOW, ECS_STARTUP_WORKFLOW } from '../../common/ecs-plan';
import { GOLDEN_IMAGE_PROGRESS_QUERY, GOLDEN_IMAGE_WORKFLOW, PIN_LATEST_PROGRESS_QUERY, PIN_LATEST_WORKFLOW } from '../../common/golden-image';
import { LAUNCH_GATE_QUERIES, LAUNCH_GATE_WORKFLOW, LAUNCH_GATE_WORKFLOW_V1 } from '../../common/launch-gate';
import { FLEET_QUERIES, FLEET_WORKFLOW, TERMINATE_QUERIES, TERMINATE_WORKFLOW } from '../../common/terminate';
import { CliError, type CliContext } from './cli-context';

/** Each workflow's progress query, by workflow type; anything else is asked 'progress'. */
const progressQueries: Record<string, string> = {
  [LAUNCH_GATE_WORKFLOW]: LAUNCH_GATE_QUERIES.progress,
  [LAUNCH_GATE_WORKFLOW_V1]: LAUNCH_GATE_QUERIES.progress,
  [TERMINATE_WORKFLOW]: TERMINATE_QUERIES.progress,
  [FLEET_WORKFLOW]: FLEET_QUERIES.state,
  [GOLDEN_IMAGE_WORKFLOW]: GOLDEN_IMAGE_PROGRESS_QUERY,
  [PIN_LATEST_WORKFLOW]: PIN_LATEST_PROGRESS_QUERY,
  [ECS_STARTUP_WORKFLOW]: ECS_PROGRESS_QUERY,
  [ECS_SHUTDOWN_WORKFLOW]: ECS_PROGRESS_QUERY,
};

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description("one run: its status, memo, progress (the workflow's progress query) and result when completed")
    .requiredOption('--workflow-id <id>', 'workflow id, e.g. terminate/i-0123456789abcdef0/<token>')
    .option('--run-id <id>', 'a specific run (default: the latest)')
    .option('--query-timeout-ms <ms>', 'how long to wait for the progress query', (v) => Number.parseInt(v, 10), 5_000)
    .addHelpText('after', '\nExample: fleet-workflows status --workflow-id fleet/web-prod')
    .action(async (options: { workflowId: string; runId?: string; queryTimeoutMs: number }) => {
      const client = await ctx.client();
      const handle = client.workflow.getHandle(options.workflowId, options.runId);
      let description;
      try {
        description = await handle.describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new CliError(`--workflow-id: no workflow ${options.workflowId} in namespace ${ctx.temporalConfig().namespace}`);
        throw err;
      }
      const queryName = progressQueries[description.type] ?? 'progress';
      let progress: unknown;
      let progressError: string | undefined;
      try {
        // A closed run answers queries only while a worker can replay it; a missing worker must not hang the CLI.
        progress = await client.connection.withDeadline(Date.now() + options.queryTimeoutMs, () => handle.query(queryName));
      } catch (err) {
        progressError = (err as Error).message;
      }
      const completed = description.status.name === 'COMPLETED';
      ctx.print({
        workflowId: description.workflowId,
        runId: description.runId,
        type: description.type,
        status: description.status.name,
        taskQueue: description.taskQueue,
        startTime: description.startTime.toISOString(),
        closeTime: description.closeTime?.toISOString(),
        memo: description.memo,
        progressQuery: queryName,
        progress,
        progressError,
        result: completed ? await handle.result() : undefined,
      });
    });
}
