import type { Client } from '@temporalio/client';
import type { AwsClientsForRegion } from '../../activities/aws-clients';
import { compareRun, type RunReport } from './compare-run';
import { verdictRank, VERDICTS, type Verdict } from './finding';
import { listObservedRuns } from './list-observed-runs';

export interface ObserveReportOptions {
  temporal: Client;
  clientsFor: AwsClientsForRegion;
  since: Date;
  /** A fleet name, or an ECS plan name; all observed runs when absent. */
  fleet?: string;
}

export interface ObserveReport {
  since: string;
  fleet?: string;
  /** Runs per verdict. */
  counts: Record<Verdict, number>;
  /** Disagreements first, then runs without an outcome yet, then agreements; oldest first within each. */
  runs: RunReport[];
}

/**
 * What each observed run would have done next to what AWS says happened: the data behind
 * `fleet-workflows observe report`. Reads Temporal and AWS only; renderers are separate.
 */
export async function observeReport(options: ObserveReportOptions): Promise<ObserveReport> {
  const observed = await listObservedRuns(options.temporal, { since: options.since, fleet: options.fleet });
  const runs: RunReport[] = [];
  // One run at a time keeps the AWS reads of a long report well inside the Describe* rate limits.
  for (const run of observed) runs.push(await compareRun(run, options.clientsFor(run.region)));
  // Array.prototype.sort is stable, so runs keep their start order within a verdict.
  runs.sort((a, b) => verdictRank(a.verdict) - verdictRank(b.verdict));
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, runs.filter((r) => r.verdict === v).length])) as Record<Verdict, number>;
  return { since: options.since.toISOString(), ...(options.fleet !== undefined ? { fleet: options.fleet } : {}), counts, runs };
}
