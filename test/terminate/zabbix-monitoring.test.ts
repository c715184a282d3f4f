import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMonitoringActivities, type RemoveMonitoredHostRequest } from '../../activities/monitoring';
import type { MonitoringReport } from '../../common/terminate';
import { FakeZabbix } from './zabbix-server';

const zabbix = new FakeZabbix();
let apiUrl: string;
const env = new MockActivityEnvironment();

beforeAll(async () => {
  apiUrl = await zabbix.start();
});
afterAll(async () => {
  await zabbix.stop();
});
beforeEach(() => {
  zabbix.hosts.clear();
  zabbix.calls.length = 0;
  zabbix.faults.length = 0;
  zabbix.afterHostGet = undefined;
});

function activities() {
  return createMonitoringActivities({ zabbix: { apiUrl, apiToken: zabbix.token } });
}

function remove(acts: ReturnType<typeof createMonitoringActivities>, request: RemoveMonitoredHostRequest): Promise<MonitoringReport> {
  return env.run(acts.removeMonitoredHost, request) as Promise<MonitoringReport>;
}

test('host.get by technical name, then host.delete of that id, with the token as a Bearer header', async () => {
  // Prepare
  zabbix.addHost('ip-10-0-1-5.ec2.internal');
  const target = zabbix.addHost('ip-10-0-1-7.ec2.internal');

  // Act
  const report = await remove(activities(), { kind: 'zabbix', hostName: target.host, action: 'delete' });

  // Assess
  expect(report).toEqual({ status: 'deleted', system: 'zabbix', hostName: target.host, hostId: target.hostid });
  expect(zabbix.byName(target.host)).toBeUndefined();
  expect(zabbix.byName('ip-10-0-1-5.ec2.internal')).toBeDefined();
  expect(zabbix.calls.map((c) => c.method)).toEqual(['host.get', 'host.delete']);
  expect(zabbix.calls[1]!.params).toEqual([target.hostid]);
  expect(zabbix.calls.every((c) => c.authorization === `Bearer ${zabbix.token}`)).toBe(true);
});

test('a host already absent is success, and nothing is deleted', async () => {
  const report = await remove(activities(), { kind: 'zabbix', hostName: 'ip-10-0-9-9.ec2.internal', action: 'delete' });
  expect(report.status).toBe('already-absent');
  expect(zabbix.calls.map((c) => c.method)).toEqual(['host.get']);
});

test('disable keeps the host (and its history) with status 1; disabling twice is success', async () => {
  const host = zabbix.addHost('web-7');
  const first = await remove(activities(), { kind: 'zabbix', hostName: 'web-7', action: 'disable' });
  expect(first.status).toBe('disabled');
  expect(zabbix.hosts.get(host.hostid)?.status).toBe('1');
  const second = await remove(activities(), { kind: 'zabbix', hostName: 'web-7', action: 'disable' });
  expect(second.status).toBe('already-disabled');
});

test('a host deleted by someone else between get and delete counts as absent', async () => {
  // Prepare: the host disappears right after the first host.get answered.
  const host = zabbix.addHost('web-8');
  zabbix.afterHostGet = () => {
    zabbix.hosts.delete(host.hostid);
    zabbix.afterHostGet = undefined;
  };

  // Act
  const report = await remove(activities(), { kind: 'zabbix', hostName: 'web-8', action: 'delete' });

  // Assess: delete failed as Zabbix does for a missing id, a second look found nothing.
  expect(report.status).toBe('already-absent');
  expect(zabbix.calls.map((c) => c.method)).toEqual(['host.get', 'host.delete', 'host.get']);
});

test('an HTTP 500 is retryable (plain error); a JSON-RPC database error too', async () => {
  zabbix.addHost('web-9');
  zabbix.faults.push({ http: 500 });
  const err = await remove(activities(), { kind: 'zabbix', hostName: 'web-9', action: 'delete' }).catch((e: unknown) => e);
  expect(err).not.toBeInstanceOf(ApplicationFailure);
  expect((err as Error).message).toMatch(/Zabbix host.get: HTTP 500/);

  zabbix.faults.push({ rpc: { code: -32500, message: 'Application error.', data: 'SQL statement execution has failed.' } });
  const err2 = await remove(activities(), { kind: 'zabbix', hostName: 'web-9', action: 'delete' }).catch((e: unknown) => e);
  expect(err2).not.toBeInstanceOf(ApplicationFailure);
  expect((err2 as Error).message).toMatch(/SQL statement execution has failed/);
});

test('a refused token is non-retryable and the token appears in no error', async () => {
  const acts = createMonitoringActivities({ zabbix: { apiUrl, apiToken: 'wrong-secret-token-123' } });
  const err = await remove(acts, { kind: 'zabbix', hostName: 'web-1', action: 'delete' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ nonRetryable: true, type: 'ZabbixAuthError' });
  expect(JSON.stringify({ message: (err as Error).message, stack: (err as Error).stack })).not.toContain('wrong-secret-token-123');
});

test('Zabbix asked for but not configured is a non-retryable, named error; auto without Zabbix is a no-op', async () => {
  const acts = createMonitoringActivities({});
  const err = await remove(acts, { kind: 'zabbix', hostName: 'web-1', action: 'delete' }).catch((e: unknown) => e);
  expect(err).toMatchObject({ nonRetryable: true, type: 'MonitoringNotConfigured' });
  await expect(remove(acts, { kind: 'auto', hostName: 'web-1', action: 'delete' })).resolves.toEqual({
    status: 'not-configured',
    hostName: 'web-1',
  });
});
