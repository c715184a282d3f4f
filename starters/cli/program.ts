import { Command } from 'commander';
import { registerEcsCommands } from '../ecs/ecs-commands';
import type { CliContext } from './cli-context';
import { registerDemoCommand } from './demo-command';
import { registerObserveCommand } from './observe-command';
import { registerReleaseWindowCommand } from './release-window-command';
import { registerRouteCommand } from './route-command';
import { registerStartCommand } from './start-command';
import { registerStatusCommand } from './status-command';

/** A command group added by another part of the project: one line each in `commandGroups`. */
export type RegisterCommands = (program: Command, ctx: CliContext) => void;

const commandGroups: RegisterCommands[] = [
  registerRouteCommand,
  registerStartCommand,
  registerReleaseWindowCommand,
  registerStatusCommand,
  registerEcsCommands,
  registerDemoCommand,
  registerObserveCommand,
];

export function buildProgram(ctx: CliContext, configOption: { value?: string }): Command {
  const program = new Command('fleet-workflows')
    .description('Start and operate the fleet workflows: route AWS events, release windows, ECS plans, run status')
    .option('--config <file>', 'fleet configuration (YAML or JSON); default $FLEET_CONFIG, then examples/fleet-config.yaml')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nTemporal endpoint: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, TEMPORAL_API_KEY, TEMPORAL_TLS_* (as the worker).',
    )
    .hook('preAction', (thisCommand) => {
      configOption.value = thisCommand.opts<{ config?: string }>().config;
    });
  for (const register of commandGroups) register(program, ctx);
  return program;
}
