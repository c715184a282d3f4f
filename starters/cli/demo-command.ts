import { Command, InvalidArgumentError, Option } from 'commander';
import { SCENARIO_NAMES, type ScenarioName } from '../demo/scenario-names';
import { CliError, type CliContext } from './cli-context';

interface DemoCommandOptions {
  scenario?: ScenarioName;
  idle?: boolean;
  once?: boolean;
  temporalPort?: number;
  uiPort?: number;
  stateDir?: string;
}

/**
 * `fleet-workflows demo`: the whole product on 127.0.0.1 against the fleet simulator,
 * scenarios played and checked (docs/demo.md). Exit code 1 when an expectation failed.
 */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('bring up the local stack (Temporal + Web UI, fleet simulator, bridge, worker), play the scenarios and print what each workflow did')
    .addOption(new Option('--scenario <name>', 'play only this scenario').choices(SCENARIO_NAMES))
    .option('--idle', 'bring the stack up and play nothing')
    .option('--once', 'play, print the summary, stop everything; exit 1 when an expectation fails (CI)')
    .option('--temporal-port <port>', 'Temporal frontend port (default: a free one)', port)
    .option('--ui-port <port>', 'Web UI port (default: a free one)', port)
    .option('--state-dir <dir>', 'where the dev server db and the logs go (default: a new temp directory)')
    .addHelpText('after', '\nExamples:\n  fleet-workflows demo\n  fleet-workflows demo --scenario scale-out\n  fleet-workflows demo --once')
    .action(async (options: DemoCommandOptions) => {
      if (options.idle && options.once) throw new CliError('--idle and --once exclude each other', 2);
      // Loaded on use: the stack pulls in the worker SDK and the simulator, which other commands never need.
      const { runDemo } = await import('../demo');
      const code = await runDemo({
        scenario: options.scenario,
        idle: options.idle,
        once: options.once,
        stack: { temporal: { port: options.temporalPort, uiPort: options.uiPort }, stateDir: options.stateDir },
        out: ctx.io.stdout,
      });
      if (code !== 0) throw new CliError('demo: some expectations failed (see the summary above)', code);
    });
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('expected a port number');
  return n;
}
