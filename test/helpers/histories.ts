import { defaultPayloadConverter } from '@temporalio/common';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundle } from './time-skipping';

const historiesDir = join(__dirname, '..', 'histories');

/**
 * Recorded histories guard determinism: a change to a workflow that would break
 * running executions fails replay. Re-record with RECORD_HISTORIES=1 only when a
 * change is meant to be incompatible (and then version it with patched()).
 */
export async function recordHistoryIfAsked(handle: WorkflowHandle, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await handle.fetchHistory();
  mkdirSync(historiesDir, { recursive: true });
  writeFileSync(join(historiesDir, `${name}.json`), historyToJSON(history) + '\n');
}

export async function replayRecordedHistory(
  name: string,
  bundle?: WorkflowBundleWithSourceMap,
): Promise<void> {
  const json = readFileSync(join(historiesDir, `${name}.json`), 'utf8');
  const history = historyFromJSON(JSON.parse(json));
  await Worker.runReplayHistory(
    { workflowBundle: bundle ?? (await workflowBundle()) },
    history,
    `replay-${name}`,
  );
}

/** The summary of each scheduled activity, in order, as the Web UI's timeline shows them. */
export async function activitySummaries(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .filter((event) => event.activityTaskScheduledEventAttributes)
    .map((event) => {
      const payload = event.userMetadata?.summary;
      return payload ? defaultPayloadConverter.fromPayload<string>(payload) : '(none)';
    });
}
