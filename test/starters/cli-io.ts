import { runCli } from '../../starters/cli/run-cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

/** Runs the CLI in-process with captured output, as `fleet-workflows <argv>` would. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
    readStdin: async () => stdin,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as unknown };
}
