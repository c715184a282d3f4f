// Test-only: sleepAnHourWorkflow with its timer replaced by an activity-free signal wait,
// which must fail replay of the recorded history.
import { condition } from '@temporalio/workflow';

export async function sleepAnHourWorkflow(input: { label: string }): Promise<string> {
  await condition(() => false, '2 hours');
  return input.label;
}
