import type { Command } from 'commander';
import { createAwsClientsForRegion } from '../../activities/aws-clients';
import { observeReport } from '../observe/observe-report';
import { renderReport } from '../observe/render-report';
import { parseSince } from '../observe/since';
import { CliError, type CliContext } from './cli-context';

export function registerObserveCommand(program: Command, ctx: CliContext): void {
  const observe = program.command('observe').description('runs in observe mode: what they would have done, next to what happened');
  observe
    .command('report')
    .description('each observed run\'s would-have writes next to what AWS says happened (read-only); disagreements first')
    .option('--since <time>', 'runs started since this ISO 8601 time, or this long ago (90m, 24h, 7d)', '24h')
    .option('--fleet <name>', 'only runs of this fleet (or ECS plan)')
    .option('--json', 'print the report as JSON for scripts')
    .addHelpText(
      'after',
      '\nAWS: the default region from AWS_REGION (or AWS_DEFAULT_REGION); each run is read in its own region.\n' +
        'Exit code 0 whatever the report says; 1 when Temporal or AWS cannot be read.\n' +
        'Example: fleet-workflows observe report --since 7d --fleet web-prod',
    )
    .action(async (options: { since: string; fleet?: string; json?: boolean }) => {
      let since: Date;
      try {
        since = parseSince(options.since);
      } catch (err) {
        throw new CliError(`--since: ${(err as Error).message}`, 2);
      }
      const region = ctx.io.env.AWS_REGION ?? ctx.io.env.AWS_DEFAULT_REGION;
      if (!region) throw new CliError('AWS_REGION is not set: the report reads each run\'s outcome from AWS', 2);
      const report = await observeReport({ temporal: await ctx.client(), clientsFor: createAwsClientsForRegion(region), since, fleet: options.fleet });
      if (options.json) ctx.print(report);
      else ctx.io.stdout(renderReport(report));
    });
}
