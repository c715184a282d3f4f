import type { Command } from 'commander';
import { MalformedEventError } from '../events/parse-event';
import { isIgnored, type RouteResult } from '../routing/start-request';
import { startAll } from '../temporal/start-workflows';
import { CliError, readEventFile, type CliContext } from './cli-context';
import { routeForCli } from './route-events';

export function registerStartCommand(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('route an event and start its workflows, exactly as the bridge Lambda would')
    .requiredOption('--event <file>', "one event JSON (EventBridge event or SQS record), '-' for stdin")
    .option('--stack-name <name>', "the group's CloudFormation stack, for stackName rules")
    .option('--source-group <name>', "for CreateImage: the Auto Scaling group of the image's source instance (otherwise read from EC2)")
    .option('--region <region>', "the queue's region, for a bare SQS body")
    .option('--timeout-ms <ms>', 'deadline per start call', (v) => Number.parseInt(v, 10), 10_000)
    .addHelpText('after', '\nExample: fleet-workflows start --event test/fixtures/events/cloudtrail-create-image.json')
    .action(async (options: { event: string; stackName?: string; sourceGroup?: string; region?: string; timeoutMs: number }) => {
      const event = await readEventFile(options.event, ctx.io);
      let result;
      try {
        result = await routeForCli(event, ctx.fleetConfig(), {
          defaultTaskQueue: ctx.temporalConfig().taskQueue,
          stackName: options.stackName,
          sourceGroup: options.sourceGroup,
          region: options.region,
        });
      } catch (err) {
        if (err instanceof MalformedEventError) throw new CliError(err.message);
        throw err;
      }
      if (Array.isArray(result)) throw new CliError('start takes one event; route an SQS batch with `route` or send its records one by one', 2);
      const routed: RouteResult = result;
      if (isIgnored(routed)) {
        ctx.print(routed);
        return;
      }
      const started = await startAll(ctx.clients(), routed.starts, { timeoutMs: options.timeoutMs });
      ctx.print({ eventId: routed.eventId, summary: routed.summary, started });
    });
}
