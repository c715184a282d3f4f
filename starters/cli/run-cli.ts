import { CommanderError, type Command } from 'commander';
import { ConfigError } from '../../common/env-config';
import { FleetConfigError } from '../fleet-config/load-fleet-config';
import { CliError, createCliContext, type CliIo } from './cli-context';
import { buildProgram } from './program';

/** Runs one command line; returns the exit code instead of exiting, so tests run it in-process. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const configOption: { value?: string } = {};
  const ctx = createCliContext(io, () => configOption.value);
  const program = buildProgram(ctx, configOption);
  const output = { writeOut: io.stdout, writeErr: io.stderr };
  // Subcommands copy these settings when created, so they are applied to every level.
  const configureDeep = (command: Command) => {
    command.exitOverride().configureOutput(output);
    command.commands.forEach(configureDeep);
  };
  configureDeep(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliError) {
      io.stderr(`fleet-workflows: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof ConfigError || err instanceof FleetConfigError) {
      io.stderr(`fleet-workflows: ${err.message}\n`);
      return 2;
    }
    io.stderr(`fleet-workflows: ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env.DEBUG) io.stderr(`${(err as Error).stack}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}
