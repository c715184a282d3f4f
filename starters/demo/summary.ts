import type { ScenarioReport } from './scenario';

/** The readable summary: per scenario, what each workflow did and which expectations held. */
export function formatSummary(reports: ScenarioReport[], uiUrl?: string): string {
  const lines: string[] = ['', '═══ fleet-workflows demo: summary ═══'];
  for (const report of reports) {
    lines.push('', `${report.ok ? 'PASS' : 'FAIL'}  ${report.title}  (${report.name}, ${report.seconds} s)`);
    for (const wf of report.workflows) {
      lines.push(`  • ${wf.type} ${wf.workflowId}`);
      lines.push(`      ${wf.status} → ${wf.outcome}: ${wf.text}`);
      if (uiUrl) lines.push(`      ${uiUrl}/namespaces/default/workflows/${encodeURIComponent(wf.workflowId)}`);
    }
    for (const e of report.expectations) lines.push(`  ${e.ok ? '✔' : '✘'} ${e.what}${!e.ok && e.detail ? ` (${e.detail})` : ''}`);
    if (report.error) lines.push(`  ✘ could not finish: ${report.error}`);
  }
  const failed = reports.filter((r) => !r.ok);
  const expectations = reports.flatMap((r) => r.expectations);
  lines.push(
    '',
    `${reports.length - failed.length}/${reports.length} scenarios passed, ${expectations.filter((e) => e.ok).length}/${expectations.length} expectations held` +
      (failed.length ? `; failed: ${failed.map((r) => r.name).join(', ')}` : ''),
  );
  return `${lines.join('\n')}\n`;
}
