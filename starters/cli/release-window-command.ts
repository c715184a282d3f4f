import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_TASK_QUEUE } from '../../common/task-queue';
import { FLEET_SIGNALS, FLEET_WORKFLOW, type CloseReleaseWindow, type FleetInput, type OpenReleaseWindow } from '../../common/terminate';
import { workflowIds } from '../../common/workflow-ids';
import { startSummary } from '../temporal/start-summary';
import { CliError, type CliContext } from './cli-context';

interface WindowOptions {
  fleet: string;
  by: string;
  reason: string;
  ttlMinutes?: number;
}

/**
 * A release window tells the fleet entity that terminations are planned (a release), so
 * its terminate runs skip the forensic image. Signal-with-start: the entity need not run yet.
 */
export function registerReleaseWindowCommand(program: Command, ctx: CliContext): void {
  const releaseWindow = program
    .command('release-window')
    .description("open or close a fleet's release window (planned terminations: no forensic image)");

  const send = async (action: 'open' | 'close', options: WindowOptions) => {
    const config = ctx.fleetConfig();
    const fleet = config.fleets.find((f) => f.name === options.fleet);
    if (!fleet) {
      throw new CliError(`--fleet: no fleet '${options.fleet}' in the fleet configuration (known: ${config.fleets.map((f) => f.name).join(', ') || 'none'})`, 2);
    }
    const signal =
      action === 'open'
        ? { name: FLEET_SIGNALS.openReleaseWindow, args: [{ ttlMinutes: options.ttlMinutes, by: options.by, reason: options.reason } satisfies OpenReleaseWindow] }
        : { name: FLEET_SIGNALS.closeReleaseWindow, args: [{ by: options.by, reason: options.reason } satisfies CloseReleaseWindow] };
    const client = await ctx.client();
    const workflowId = workflowIds.fleet(fleet.name);
    const handle = await client.workflow.signalWithStart(FLEET_WORKFLOW, {
      workflowId,
      taskQueue: fleet.taskQueue ?? config.taskQueue ?? ctx.temporalConfig().taskQueue ?? DEFAULT_TASK_QUEUE,
      args: [{ fleetName: fleet.name } satisfies FleetInput],
      signal: signal.name,
      signalArgs: JSON.parse(JSON.stringify(signal.args)) as unknown[],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      memo: { fleet: fleet.name },
      staticSummary: startSummary(FLEET_WORKFLOW, workflowId, { fleet: fleet.name }),
    });
    ctx.print({ workflowId, runId: handle.signaledRunId, signal: signal.name, ...signal.args[0] });
  };

  const common = (command: Command) =>
    command
      .requiredOption('--fleet <name>', 'fleet name from the fleet configuration')
      .requiredOption('--by <who>', 'who opens or closes it (kept in the workflow history)')
      .requiredOption('--reason <text>', 'why (kept in the workflow history)');

  common(releaseWindow.command('open').description('open the window; it closes itself after --ttl-minutes'))
    .option('--ttl-minutes <n>', 'close automatically after this many minutes (default: the workflow default, 60)', positiveInt)
    .addHelpText('after', '\nExample: fleet-workflows release-window open --fleet web-prod --ttl-minutes 90 --by alice --reason "release 2024.05"')
    .action((options: WindowOptions) => send('open', options));

  common(releaseWindow.command('close').description('close the window now'))
    .addHelpText('after', '\nExample: fleet-workflows release-window close --fleet web-prod --by alice --reason "release done"')
    .action((options: WindowOptions) => send('close', options));
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number of minutes');
  return n;
}
