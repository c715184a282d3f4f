import { WorkflowNotFoundError } from '@temporalio/client';
import type { ScenarioContext } from './scenario';

/**
 * Waits until the bridge has started `workflowId`. The simulator hands an event to the bridge
 * as EventBridge hands it to the Lambda, after the AWS call that caused it has answered; so a
 * scenario that already sees the new state in `/_sim/state` can still be ahead of the start.
 */
export async function waitForBridgeStart(ctx: ScenarioContext, workflowId: string, timeoutMs = 30_000): Promise<void> {
  await ctx.waitFor(`${workflowId} to be started by the bridge`, timeoutMs, async () => {
    try {
      await ctx.client.workflow.getHandle(workflowId).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  });
}
