import type { Command } from 'commander';
import { MalformedEventError } from '../events/parse-event';
import { CliError, readEventFile, type CliContext } from './cli-context';
import { routeForCli } from './route-events';

export function registerRouteCommand(program: Command, ctx: CliContext): void {
  program
    .command('route')
    .description('print, as JSON, the workflow starts an event would produce, without starting anything')
    .requiredOption('--event <file>', "event JSON: EventBridge event, SQS record or batch, '-' for stdin")
    .option('--stack-name <name>', "the group's CloudFormation stack, for stackName rules (otherwise read from AWS when needed)")
    .option('--source-group <name>', "for CreateImage: the Auto Scaling group of the image's source instance (otherwise read from EC2)")
    .option('--region <region>', "the queue's region, for a bare SQS body (records and EventBridge events carry their own)")
    .addHelpText(
      'after',
      '\nExit code 0 for a route and for an ignored event; 1 for a malformed event (stderr names the field);\n' +
        '2 when a bare SQS body comes without --region.\n' +
        'Example: fleet-workflows route --event test/fixtures/events/eventbridge-launch-lifecycle-action.json',
    )
    .action(async (options: { event: string; stackName?: string; sourceGroup?: string; region?: string }) => {
      const event = await readEventFile(options.event, ctx.io);
      try {
        const output = await routeForCli(event, ctx.fleetConfig(), {
          defaultTaskQueue: ctx.temporalConfig().taskQueue,
          stackName: options.stackName,
          sourceGroup: options.sourceGroup,
          region: options.region,
        });
        ctx.print(output);
        if (Array.isArray(output) && output.some((r) => 'error' in r)) {
          throw new CliError('one or more records are malformed (see "error" above)');
        }
      } catch (err) {
        if (err instanceof MalformedEventError) throw new CliError(err.message);
        throw err;
      }
    });
}
