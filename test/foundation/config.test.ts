import { ConfigError } from '../../common/env-config';
import { describeTemporalConfig, loadTemporalConfig } from '../../common/temporal-config';
import { loadWorkerConfig } from '../../worker/config';

const base = { AWS_REGION: 'eu-west-1' };

test('defaults reach the local dev server on the fleet-workflows task queue', () => {
  const config = loadWorkerConfig(base);
  expect(config.temporal).toMatchObject({ address: 'localhost:7233', namespace: 'default', taskQueue: 'fleet-workflows' });
  expect(config.temporal.tls).toBeUndefined();
  expect(config).toMatchObject({ logLevel: 'INFO', shutdownGraceTime: '30s', pollShutdownInterruptWaitMs: 1000, awsRegion: 'eu-west-1' });
});

test.each([
  [{ TEMPORAL_ADDRESS: 'no-port' }, 'TEMPORAL_ADDRESS'],
  [{ LOG_LEVEL: 'LOUD' }, 'LOG_LEVEL'],
  [{ WORKER_SHUTDOWN_GRACE_TIME: 'soon' }, 'WORKER_SHUTDOWN_GRACE_TIME'],
  [{ WORKER_MAX_CONCURRENT_ACTIVITIES: '-3' }, 'WORKER_MAX_CONCURRENT_ACTIVITIES'],
  [{ WORKER_MAX_CACHED_WORKFLOWS: '1' }, 'WORKER_MAX_CACHED_WORKFLOWS'],
  [{ TEMPORAL_POLL_SHUTDOWN_INTERRUPT_WAIT_MS: '-1' }, 'TEMPORAL_POLL_SHUTDOWN_INTERRUPT_WAIT_MS'],
  [{ WORKFLOW_BUNDLE_PATH: '/nonexistent/workflow-bundle.js' }, 'WORKFLOW_BUNDLE_PATH'],
  [{ AWS_ENDPOINT_URL: 'not a url' }, 'AWS_ENDPOINT_URL'],
  [{ METRICS_BIND_ADDRESS: '9464' }, 'METRICS_BIND_ADDRESS'],
  [{ TEMPORAL_TLS: 'maybe' }, 'TEMPORAL_TLS'],
  [{ ZABBIX_API_URL: 'https://zabbix.example/api_jsonrpc.php' }, 'ZABBIX_API_TOKEN'],
  [{ TEMPORAL_TLS_CLIENT_CERT_PATH: '/tmp/cert.pem' }, 'TEMPORAL_TLS_CLIENT_KEY_PATH'],
  [{ TEMPORAL_WORKER_BUILD_ID: '2026.11.27' }, 'TEMPORAL_WORKER_DEPLOYMENT_NAME'],
  [{ TEMPORAL_WORKER_DEPLOYMENT_NAME: 'fleet.workflows', TEMPORAL_WORKER_BUILD_ID: 'a' }, 'TEMPORAL_WORKER_DEPLOYMENT_NAME'],
])('a bad value (%o) is a one-line error naming %s', (override, variable) => {
  const load = () => loadWorkerConfig({ ...base, ...override });
  expect(load).toThrow(ConfigError);
  expect(load).toThrow(new RegExp(variable));
  try {
    load();
  } catch (err) {
    expect((err as Error).message).not.toContain('\n');
  }
});

test('a workflow bundle built ahead and a cache size are passed through', () => {
  const config = loadWorkerConfig({ ...base, WORKFLOW_BUNDLE_PATH: __filename, WORKER_MAX_CACHED_WORKFLOWS: '300' });
  expect(config).toMatchObject({ workflowBundlePath: __filename, maxCachedWorkflows: 300 });
  expect(loadWorkerConfig(base)).toMatchObject({ workflowBundlePath: undefined, maxCachedWorkflows: 1000 });
});

test('a missing region names AWS_REGION', () => {
  expect(() => loadWorkerConfig({})).toThrow(/AWS_REGION: required/);
  expect(loadWorkerConfig({ AWS_DEFAULT_REGION: 'ap-northeast-1' }).awsRegion).toBe('ap-northeast-1');
});

test('an API key turns TLS on and is never part of the loggable description', () => {
  const config = loadTemporalConfig({ TEMPORAL_API_KEY: 'sekret-key', TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233' });
  expect(config.tls).toBeDefined();
  const described = JSON.stringify(describeTemporalConfig(config));
  expect(described).not.toContain('sekret-key');
  expect(described).toContain('"apiKey":"set"');
});

test('empty variables count as unset', () => {
  expect(loadTemporalConfig({ TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: '' })).toMatchObject({
    address: 'localhost:7233',
    namespace: 'default',
  });
});

test('Worker Versioning is off unless a deployment name and build id are both set', () => {
  expect(loadWorkerConfig(base).deploymentVersion).toBeUndefined();
  expect(loadWorkerConfig({ ...base, TEMPORAL_WORKER_DEPLOYMENT_NAME: 'fleet-workflows', TEMPORAL_WORKER_BUILD_ID: 'git-3f2a1bc' }).deploymentVersion).toEqual({
    deploymentName: 'fleet-workflows',
    buildId: 'git-3f2a1bc',
  });
});
