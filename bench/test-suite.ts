// Test suite wall time, read from the last `npm test` (tools/test.sh has jest write
// .stack/jest-results.json), or, when there is none, measured by running jest once.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './stats';

const repo = join(__dirname, '..');
const resultsFile = join(repo, '.stack', 'jest-results.json');

export interface TestSuiteResult {
  seconds: number;
  source: string;
  tests: { passed: number; failed: number; skipped: number };
  at: string;
}

interface JestResults {
  startTime: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { endTime?: number }[];
}

function fromFile(source: string): TestSuiteResult {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
  const lastEnd = Math.max(...r.testResults.map((t) => t.endTime ?? 0));
  const end = lastEnd > r.startTime ? lastEnd : statSync(resultsFile).mtimeMs;
  return {
    seconds: round((end - r.startTime) / 1000),
    source,
    tests: { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests },
    at: new Date(r.startTime).toISOString(),
  };
}

export function benchTestSuite(runIfMissing: boolean, log: (line: string) => void): TestSuiteResult {
  if (existsSync(resultsFile)) {
    return fromFile('jest wall time of the last `npm test` (.stack/jest-results.json: startTime to the last test file\'s endTime; tsc, eslint and setup not included)');
  }
  if (!runIfMissing) throw new Error(`${resultsFile} is missing: run \`npm test\` first, or \`npm run bench -- --run-tests\``);
  log('test suite: no earlier npm test results; running jest once (this takes minutes)');
  try {
    execFileSync('npx', ['jest', '--ci', '--json', `--outputFile=${resultsFile}`], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    // A failing suite still has a wall time; the counts say it failed.
  }
  return fromFile('jest wall time measured by the benchmark (npx jest --ci; tsc, eslint and setup not included)');
}
