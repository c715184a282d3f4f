import type { AwsClients } from '../../activities/aws-clients';
import { serviceCounts, type ServiceCounts } from './aws-outcomes';
import { summary } from './compare-lifecycle';
import { clock, unreadable, type Finding } from './finding';
import type { ObservedRun } from './observed-run';

/** The count an UpdateService would-have sets, from its detail ("desiredCount 0 → 2"). */
const TARGET_COUNT = /(?:→|->)\s*(\d+)\s*$/;

/** ECS: for each service the run would have updated, is its desired count now what the run would have set? */
export async function compareEcs(run: ObservedRun, clients: AwsClients): Promise<Finding[]> {
  // The last update of a service is the count the run would have left it at.
  const updates = new Map(run.wouldHave.filter((w) => w.call === 'UpdateService').map((w) => [w.target, w]));
  if (updates.size === 0) {
    const text = run.status === 'RUNNING' ? 'has updated no service yet' : `would have updated no service (${run.outcome ?? 'no write'})`;
    return [{ call: 'UpdateService', target: run.cluster ?? run.plan ?? '(unknown plan)', verdict: run.status === 'RUNNING' ? 'unknown' : 'not-compared', text }];
  }
  const byCluster = new Map<string, string[]>();
  for (const target of updates.keys()) {
    const [cluster, service] = splitTarget(target, run.cluster);
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), service]);
  }
  const findings: Finding[] = [];
  for (const [cluster, services] of byCluster) {
    let counts: Map<string, ServiceCounts> | undefined;
    let error: { verdict: 'unknown'; text: string } | undefined;
    try {
      counts = await serviceCounts(clients, cluster, services);
    } catch (err) {
      error = unreadable(err, `the services of ${cluster}`);
    }
    for (const service of services) {
      const target = `${cluster}/${service}`;
      const would = updates.get(target) ?? updates.get(service)!;
      const base = { call: 'UpdateService', target, wouldHave: summary(run, would) };
      if (error) {
        findings.push({ ...base, ...error });
        continue;
      }
      findings.push({ ...base, ...compareService(run, would.detail, would.at, service, counts!.get(service)) });
    }
  }
  return findings;
}

function compareService(run: ObservedRun, detail: string, at: string, service: string, actual: ServiceCounts | undefined): Pick<Finding, 'verdict' | 'text' | 'actual'> {
  const wanted = TARGET_COUNT.exec(detail)?.[1];
  const would = `would have set ${service} to ${wanted ?? detail} at ${clock(at, run)}`;
  if (!actual) return { verdict: 'unknown', text: `${would}; ECS does not find the service`, actual: { what: 'service not found' } };
  const happened = `it is at desired ${actual.desired}, running ${actual.running}${actual.pending ? `, pending ${actual.pending}` : ''}`;
  if (wanted === undefined) return { verdict: 'unknown', text: `${would}; ${happened}`, actual: { what: happened } };
  return { verdict: Number(wanted) === actual.desired ? 'agree' : 'disagree', text: `${would}; ${happened}`, actual: { what: happened } };
}

/** A target is "cluster/service"; a bare service name belongs to the run's cluster. */
function splitTarget(target: string, cluster: string | undefined): [string, string] {
  const slash = target.lastIndexOf('/');
  return slash > 0 ? [target.slice(0, slash), target.slice(slash + 1)] : [cluster ?? '', target];
}
