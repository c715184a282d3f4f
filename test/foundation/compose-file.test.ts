import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

// The compose check in npm test is only worth something if it rejects a broken file:
// these run the same checker on the real file and on copies broken in the ways that matter.
const repo = join(__dirname, '..', '..');
const composeFile = join(repo, 'docker-compose.temporal.yml');
const checker = join(repo, '.tools', 'bin', 'compose-check');
let scratch: string;

beforeAll(() => {
  execFileSync('bash', [join(repo, 'tools', 'install-compose-check.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  scratch = mkdtempSync(join(tmpdir(), 'compose-check-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function check(text: string): { status: number | null; output: string } {
  const file = join(scratch, 'docker-compose.yml');
  writeFileSync(file, text);
  const run = spawnSync(checker, [file], { cwd: scratch, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const original = () => readFileSync(composeFile, 'utf8');

test('the project compose file passes the check', () => {
  expect(check(original())).toMatchObject({ status: 0 });
});

test('the server runs the supported server image after a one-shot admin-tools schema step', () => {
  const { services } = parse(original()) as { services: Record<string, { image: string; depends_on?: unknown }> };
  const images = Object.values(services).map((service) => service.image);
  expect(images.some((image) => image.startsWith('temporalio/auto-setup'))).toBe(false);
  expect(services.temporal?.image).toMatch(/^temporalio\/server:/);
  expect(services['temporal-schema']?.image).toMatch(/^temporalio\/admin-tools:/);
  expect(services.temporal?.depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
});

test('a misspelt service key fails, naming the key', () => {
  const result = check(original().replace('    healthcheck:', '    healthchek:'));
  expect(result.status).toBe(1);
  expect(result.output).toContain("'healthchek' not allowed");
});

test('depending on a service that does not exist fails', () => {
  const result = check(original().replace('temporal-schema:\n        condition', 'temporal-schemas:\n        condition'));
  expect(result.status).toBe(1);
  expect(result.output).toContain('undefined service "temporal-schemas"');
});

test('a warning, such as the obsolete version attribute, fails the check', () => {
  const result = check(`version: "3.5"\n${original()}`);
  expect(result.status).toBe(1);
  expect(result.output).toContain('`version` is obsolete');
});
