import type { ObserveReport } from './observe-report';

const LABEL = { disagree: 'DISAGREE', unknown: 'UNKNOWN', agree: 'AGREE', 'not-compared': 'NOT COMPARED' } as const;
const MARK = { disagree: '≠', unknown: '?', agree: '=', 'not-compared': '·' } as const;

/** The report for people: one block per run, its comparisons indented under it; times in UTC. */
export function renderReport(report: ObserveReport): string {
  const scope = report.fleet !== undefined ? ` in ${report.fleet}` : '';
  const c = report.counts;
  const lines = [
    `Observed runs${scope} started since ${report.since} (times UTC): ${report.runs.length} run${report.runs.length === 1 ? '' : 's'}, ` +
      `${c.disagree} disagree, ${c.unknown} unknown, ${c.agree} agree, ${c['not-compared']} not compared`,
  ];
  if (report.runs.length === 0) lines.push('No run in observe mode started in that time.');
  else lines.push('≠ disagrees with what happened   ? no outcome yet   = agrees   · AWS keeps no record to compare');
  for (const run of report.runs) {
    const where = run.fleet ? `fleet ${run.fleet}` : run.plan ? `plan ${run.plan}` : 'no fleet';
    lines.push('', `${LABEL[run.verdict].padEnd(12)} ${run.workflowId}`, `             ${run.workflowType}, ${where}, ${run.status.toLowerCase()}, started ${run.startTime.slice(0, 19).replace('T', ' ')}`);
    for (const finding of run.findings) lines.push(`  ${MARK[finding.verdict]} ${finding.text}`);
  }
  return `${lines.join('\n')}\n`;
}
