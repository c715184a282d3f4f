import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_KEY } from '../../deploy/deploy-settings';
import { PROJECT_ROOT } from '../../deploy/fleet-app';
import { buildBridge, synthFleetApp, writeFleetConfig } from './synth';

// cfn-lint (PyPI, installed into .tools/ by tools/install-cfn-lint.sh) over the templates of the
// committed example and of a configuration that turns on every optional part.
const CFN_LINT = join(PROJECT_ROOT, '.tools', 'cfn-lint-venv', 'bin', 'cfn-lint');

function lint(files: string[]): { status: number | null; output: string } {
  const run = spawnSync(CFN_LINT, ['--format', 'parseable', ...files], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** cfn-lint's exit status adds 2 for errors and 4 for warnings; 1 is a failure to run. */
function errorsIn(result: { status: number | null }): boolean {
  return result.status === null || (result.status & 3) !== 0;
}

beforeAll(() => {
  if (!existsSync(CFN_LINT)) throw new Error(`${CFN_LINT} missing: run bash tools/install-cfn-lint.sh (tools/setup.sh does)`);
});

test('cfn-lint finds no errors in the committed example\'s templates', () => {
  const settings = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context[CONTEXT_KEY];
  const { templateFiles } = synthFleetApp(settings, buildBridge(join(PROJECT_ROOT, 'examples', 'fleet-config.yaml')));

  const result = lint(templateFiles);

  expect(templateFiles.length).toBe(2);
  expect({ errors: errorsIn(result), output: result.output }).toEqual({ errors: false, output: expect.any(String) });
});

test('cfn-lint finds no errors with every optional part on: VPC bridge, secrets, mTLS, stack-name fleets, ECS, worker service', () => {
  const network = { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'], availabilityZones: ['eu-west-1a'], securityGroupIds: ['sg-0123456789abcdef0'] };
  const configPath = writeFleetConfig({
    version: 1,
    fleets: [
      { name: 'api', match: { stackName: 'api-prod' }, terminate: { notifications: { slackWebhook: { ssmParameter: '/api/slack' } } } },
      { name: 'web', match: { glob: 'web-??-*' }, launchGate: { originBaseUrl: 'https://www.example.com', hostHeader: 'www.example.com' }, goldenImage: { launchTemplateIdParameter: '/web/lt', instanceRefresh: { enabled: true } }, pinLatest: true },
    ],
    ecsPlans: [{ name: 'morning', cluster: 'dev' }],
  });
  const { templateFiles } = synthFleetApp(
    {
      fleetConfig: configPath,
      regions: ['eu-west-1'],
      temporal: { address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct', apiKey: { secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fleet/key-AbCdEf' }, mtlsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fleet/mtls-AbCdEf' },
      bridge: { networks: { 'eu-west-1': network } },
      worker: {
        instanceRoleArns: ['arn:aws:iam::123456789012:role/web-instance'],
        services: { 'eu-west-1': { image: 'ghcr.io/example/fleet-workflows:1', network, environment: { LOG_LEVEL: 'DEBUG' } } },
      },
    },
    buildBridge(configPath),
  );

  const result = lint(templateFiles);

  expect({ errors: errorsIn(result), output: result.output }).toEqual({ errors: false, output: expect.any(String) });
});
