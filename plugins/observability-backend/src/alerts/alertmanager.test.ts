import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  findBinary,
  freePort,
  ManagedProcess,
  startManagedProcess,
  waitForHttp,
} from '@internal/demo-stack';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import type { AlertView } from '@stagewatch/backstage-plugin-observability-common';
import { observabilityPlugin } from '../plugin';
import { component } from '../__testUtils__/entities';
import { alertFingerprint } from './alertFingerprint';

/*
 * Alerts end to end with the real parts: Debian's Prometheus evaluates a rule over a metric this
 * test switches on and off, Debian's Alertmanager delivers to the plugin's webhook receiver, the
 * store is a real PostgreSQL (the one `make test` starts). Between Alertmanager and the backend
 * sits a small forwarding proxy, so the backend can be stopped and restarted behind one address
 * and every webhook answer is seen. The catalog, the permission decisions and the tokens are the
 * Backstage test kit's (the real static token is checked in the portal's end-to-end test).
 */
jest.setTimeout(240_000);

const pgConnection =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const JANE = 'user:default/jane';
const OUTSIDER = 'user:default/outsider';
const entityPath = '/api/observability/entities/component/default/switch';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(300);
  }
}

/** A metric the rule watches: the test turns the alert on and off. */
function startSwitch() {
  let on = false;
  const server = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(
      `# TYPE test_alert_switch gauge\ntest_alert_switch ${on ? 1 : 0}\n`,
    );
  });
  return {
    server,
    set: (value: boolean) => {
      on = value;
    },
  };
}

/** Forwards to the current backend; with none, refuses connections as a stopped backend would. */
function startProxy() {
  let target: number | undefined;
  const webhookAnswers: number[] = [];
  const server = http.createServer((req, res) => {
    if (target === undefined) {
      req.socket.destroy();
      return;
    }
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: target,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      up => {
        if (req.url?.endsWith('/alerts/webhook'))
          webhookAnswers.push(up.statusCode ?? 0);
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  return {
    server,
    webhookAnswers,
    setTarget: (port: number | undefined) => {
      target = port;
    },
  };
}

describe('alerts with a real Prometheus, Alertmanager and PostgreSQL', () => {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'obs-alerts-'));
  const processes: ManagedProcess[] = [];
  const switcher = startSwitch();
  const proxy = startProxy();
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let knex: Knex;
  let databaseName: string;
  let admin: Knex;
  let prometheusUrl: string;
  let alertmanagerUrl: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;

  const entities = [
    component('switch', {
      'observability/prometheus-selector': '{job="switch"}',
    }),
  ];

  const scheduledTasks = new Map<
    string,
    SchedulerServiceTaskScheduleDefinition &
      SchedulerServiceTaskInvocationDefinition
  >();

  async function startBackend() {
    scheduledTasks.clear();
    backend = await startTestBackend({
      features: [
        observabilityPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.database.factory({ knex }),
        // The plugin's scheduled tasks are kept here and run when the test says, as the real
        // scheduler would run them every interval.
        mockServices.scheduler.mock({
          scheduleTask: async task => {
            scheduledTasks.set(task.id, task);
          },
        }).factory,
        mockServices.permissions.mock({
          authorize: async (requests, { credentials }) =>
            requests.map(() => ({
              result:
                (credentials.principal as { userEntityRef?: string })
                  .userEntityRef === OUTSIDER
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            observability: {
              prometheus: {
                instances: [
                  { name: 'default', baseUrl: prometheusUrl, timeout: '5s' },
                ],
              },
              alertmanager: { baseUrl: alertmanagerUrl },
            },
          },
        }),
      ],
    });
    proxy.setTarget((backend.server.address() as { port: number }).port);
  }

  async function stopBackend() {
    proxy.setTarget(undefined);
    await backend?.stop();
    backend = undefined;
  }

  async function history(): Promise<AlertView[]> {
    const res = await request(backend!.server)
      .get(`${entityPath}/alerts?limit=500`)
      .set('Authorization', mockCredentials.user.header(JANE));
    expect(res.status).toBe(200);
    return res.body.alerts;
  }

  const promQuery = async (query: string) => {
    const res = await fetch(
      `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
    );
    return ((await res.json()) as { data: { result: any[] } }).data.result;
  };

  beforeAll(async () => {
    if (!pgConnection) {
      throw new Error(
        'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set: run through `make test` (it starts PostgreSQL)',
      );
    }
    knex = await databases.init('POSTGRES_15');
    databaseName = (knex.client.config.connection as { database: string })
      .database;
    admin = knexFactory({ client: 'pg', connection: pgConnection });

    const [switchPort, proxyPort, amPort, promPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    await new Promise<void>(r =>
      switcher.server.listen(switchPort, '127.0.0.1', r),
    );
    await new Promise<void>(r =>
      proxy.server.listen(proxyPort, '127.0.0.1', r),
    );

    writeFileSync(
      path.join(runDir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: backstage',
        "  group_by: ['alertname']",
        '  group_wait: 1s',
        '  group_interval: 2s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: backstage',
        '    webhook_configs:',
        `      - url: http://127.0.0.1:${proxyPort}/api/observability/alerts/webhook`,
        '        send_resolved: true',
        '        http_config:',
        '          authorization:',
        '            type: Bearer',
        `            credentials: '${mockCredentials.service.token()}'`,
      ].join('\n'),
    );
    const am = startManagedProcess({
      name: 'alertmanager',
      command: findBinary('alertmanager'),
      args: [
        `--config.file=${path.join(runDir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(runDir, 'am-data')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ],
      runDir,
    });
    processes.push(am);
    alertmanagerUrl = `http://127.0.0.1:${amPort}`;

    writeFileSync(
      path.join(runDir, 'rules.yml'),
      [
        'groups:',
        '  - name: switch',
        '    rules:',
        '      - alert: SwitchOn',
        '        expr: test_alert_switch == 1',
        '        labels: { severity: critical }',
        '        annotations:',
        "          summary: 'The switch is on'",
        "          value: '{{ $value }}'",
        "          runbook_url: 'https://runbooks.example/switch'",
      ].join('\n'),
    );
    writeFileSync(
      path.join(runDir, 'prometheus.yml'),
      [
        // External labels end up on every alert Prometheus sends, so in Alertmanager's fingerprint.
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        '  external_labels: { cluster: test-cluster }',
        'alerting:',
        '  alertmanagers:',
        `    - static_configs: [{ targets: ['127.0.0.1:${amPort}'] }]`,
        `rule_files: ['${path.join(runDir, 'rules.yml')}']`,
        'scrape_configs:',
        '  - job_name: switch',
        `    static_configs: [{ targets: ['127.0.0.1:${switchPort}'] }]`,
      ].join('\n'),
    );
    const prom = startManagedProcess({
      name: 'prometheus',
      command: findBinary('prometheus'),
      args: [
        `--config.file=${path.join(runDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(runDir, 'prom-data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      runDir,
    });
    processes.push(prom);
    prometheusUrl = `http://127.0.0.1:${promPort}`;
    await Promise.all([
      waitForHttp(`${alertmanagerUrl}/-/ready`, { process: am }),
      waitForHttp(`${prometheusUrl}/-/ready`, { process: prom }),
    ]);
    await startBackend();
  });

  afterAll(async () => {
    await stopBackend();
    await Promise.all(processes.map(p => p.stop()));
    switcher.server.close();
    proxy.server.close();
    await admin?.destroy();
    rmSync(runDir, { recursive: true, force: true });
  });

  let first: AlertView;

  it('stores a rule firing in Prometheus as Alertmanager delivers it, with its entity, labels and annotations', async () => {
    switcher.set(true);
    first = await waitFor('the firing alert in the history', async () =>
      (await history()).find(a => a.status === 'firing'),
    );
    expect(first).toMatchObject({
      alertname: 'SwitchOn',
      severity: 'critical',
      entityRefs: ['component:default/switch'],
      value: '1',
      annotations: {
        summary: 'The switch is on',
        runbook_url: 'https://runbooks.example/switch',
      },
      labels: {
        alertname: 'SwitchOn',
        job: 'switch',
        severity: 'critical',
        cluster: 'test-cluster',
      },
    });
    expect(first.events.map(e => [e.type, e.actor])).toEqual([
      ['fired', 'webhook'],
    ]);
    // The fingerprint Alertmanager computed is the one the reconciler computes from labels.
    expect(alertFingerprint(first.labels)).toBe(first.fingerprint);
    const summary = await request(backend!.server)
      .get(`${entityPath}/summary`)
      .set('Authorization', mockCredentials.user.header(JANE));
    expect(summary.body.firingAlerts).toEqual({
      total: 1,
      bySeverity: { critical: 1 },
    });
    expect(summary.body.health.reasons).toContainEqual(
      expect.objectContaining({
        signal: 'alerts',
        severity: 'critical',
        message: '1 alert firing (1 critical)',
      }),
    );
  });

  it('refuses acknowledging and silencing to a user without the permission (403), and stores nothing', async () => {
    for (const [method, suffix, body] of [
      ['post', 'acknowledge', { note: 'mine now' }],
      ['post', 'silence', { duration: '1h' }],
    ] as const) {
      const res = await request(backend!.server)
        [method](`${entityPath}/alerts/${first.id}/${suffix}`)
        .set('Authorization', mockCredentials.user.header(OUTSIDER))
        .send(body);
      expect(res.status).toBe(403);
    }
    const list = await request(backend!.server)
      .get(`${entityPath}/alerts`)
      .set('Authorization', mockCredentials.user.header(OUTSIDER));
    expect(list.body.permissions.acknowledge).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('observability.alert.acknowledge'),
    });
    const now = (await history()).find(a => a.id === first.id)!;
    expect(now.events.map(e => e.type)).toEqual(['fired']);
    const silences = await (
      await fetch(`${alertmanagerUrl}/api/v2/silences`)
    ).json();
    expect(silences).toEqual([]);
  });

  it('records who acknowledged, and silences exactly that alert in Alertmanager with createdBy', async () => {
    const ack = await request(backend!.server)
      .post(`${entityPath}/alerts/${first.id}/acknowledge`)
      .set('Authorization', mockCredentials.user.header(JANE))
      .send({ note: 'looking into it' });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledged).toMatchObject({
      by: JANE,
      note: 'looking into it',
    });
    // A second click records nothing new.
    await request(backend!.server)
      .post(`${entityPath}/alerts/${first.id}/acknowledge`)
      .set('Authorization', mockCredentials.user.header(JANE))
      .send({});

    const silence = await request(backend!.server)
      .post(`${entityPath}/alerts/${first.id}/silence`)
      .set('Authorization', mockCredentials.user.header(JANE))
      .send({ duration: '1h', note: 'deploying a fix' });
    expect(silence.status).toBe(201);
    const silenceId = silence.body.silenced.silenceId;
    expect(silence.body.silenced).toMatchObject({ by: JANE });
    expect(silence.body.silenced.endsAt - silence.body.silenced.time).toBe(
      3600,
    );

    const inAlertmanager = await (
      await fetch(`${alertmanagerUrl}/api/v2/silence/${silenceId}`)
    ).json();
    expect(inAlertmanager).toMatchObject({
      createdBy: JANE,
      comment: 'deploying a fix',
      status: { state: 'active' },
    });
    expect(
      Object.fromEntries(
        inAlertmanager.matchers.map((m: any) => [m.name, m.value]),
      ),
    ).toEqual(first.labels);
    expect(
      inAlertmanager.matchers.every((m: any) => m.isEqual && !m.isRegex),
    ).toBe(true);
    // Alertmanager now suppresses the alert.
    await waitFor('Alertmanager to suppress the alert', async () => {
      const alerts = await (
        await fetch(
          `${alertmanagerUrl}/api/v2/alerts?filter=alertname="SwitchOn"`,
        )
      ).json();
      return alerts[0]?.status?.state === 'suppressed' ? true : undefined;
    });

    const expired = await request(backend!.server)
      .delete(`${entityPath}/alerts/${first.id}/silence`)
      .set('Authorization', mockCredentials.user.header(JANE));
    expect(expired.status).toBe(200);
    expect(expired.body.silenced).toBeNull();
    const after = await (
      await fetch(`${alertmanagerUrl}/api/v2/silence/${silenceId}`)
    ).json();
    expect(after.status.state).toBe('expired');
    expect(expired.body.events.map((e: any) => [e.type, e.actor])).toEqual([
      ['fired', 'webhook'],
      ['acknowledged', JANE],
      ['silenced', JANE],
      ['silence_expired', JANE],
    ]);
  });

  it('records the resolution Alertmanager delivers, and answers MTTA and MTTR', async () => {
    switcher.set(false);
    const resolved = await waitFor('the resolution', async () => {
      const a = (await history()).find(x => x.id === first.id);
      return a?.status === 'resolved' ? a : undefined;
    });
    expect(resolved.events.at(-1)).toMatchObject({
      type: 'resolved',
      actor: 'webhook',
    });
    const stats = await request(backend!.server)
      .get(`${entityPath}/alerts/stats`)
      .set('Authorization', mockCredentials.user.header(JANE));
    expect(stats.body).toMatchObject({
      count: 1,
      firing: 0,
      acknowledged: 1,
      resolved: 1,
    });
    // The views' times are whole seconds; the stats use the stored milliseconds.
    const ackAt = resolved.events.find(e => e.type === 'acknowledged')!.time;
    expect(
      Math.abs(stats.body.mttaSeconds - (ackAt - resolved.startsAt)),
    ).toBeLessThanOrEqual(1);
    expect(
      Math.abs(stats.body.mttrSeconds - (resolved.endsAt! - resolved.startsAt)),
    ).toBeLessThanOrEqual(1);
  });

  it('answers 5xx while the database is unavailable; Alertmanager retries and the firing is stored once', async () => {
    proxy.webhookAnswers.length = 0;
    // knex logs each connection the outage breaks with console.log; those lines are this test's
    // point, so they are counted here instead of printed. Anything else still prints.
    const log = console.log;
    const outageLines: string[] = [];
    const logSpy = jest.spyOn(console, 'log').mockImplementation((...args) => {
      const line = args.map(String).join(' ');
      if (
        /Connection (Error|ended)|not currently accepting connections|terminating connection/.test(
          line,
        )
      ) {
        outageLines.push(line);
      } else {
        log(...args);
      }
    });
    await admin.raw(`ALTER DATABASE ?? WITH ALLOW_CONNECTIONS false`, [
      databaseName,
    ]);
    await admin.raw(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?',
      [databaseName],
    );
    try {
      switcher.set(true);
      await waitFor('a refused delivery', async () =>
        proxy.webhookAnswers.some(s => s >= 500) ? true : undefined,
      );
      expect(proxy.webhookAnswers.every(s => s >= 500)).toBe(true);
    } finally {
      await admin.raw(`ALTER DATABASE ?? WITH ALLOW_CONNECTIONS true`, [
        databaseName,
      ]);
    }
    const second = await waitFor(
      'the retried delivery to be stored',
      async () => (await history()).find(a => a.status === 'firing'),
    );
    expect(proxy.webhookAnswers.filter(s => s >= 500).length).toBeGreaterThan(
      0,
    );
    expect(proxy.webhookAnswers).toContain(200);
    logSpy.mockRestore();
    expect(second.id).not.toBe(first.id);
    expect(second.events.map(e => e.type)).toEqual(['fired']);
    switcher.set(false);
    await waitFor('the second resolution', async () => {
      const a = (await history()).find(x => x.id === second.id);
      return a?.status === 'resolved' ? a : undefined;
    });
  });

  it('records an alert that fired and resolved while the backend was down, once the restarted reconciler runs', async () => {
    await stopBackend();
    const downAt = Date.now() / 1000;
    // Off for a few evaluations first, so this firing is a period of its own in ALERTS.
    await sleep(3000);
    switcher.set(true);
    await waitFor('Prometheus to fire', async () =>
      (
        await promQuery('ALERTS{alertname="SwitchOn",alertstate="firing"}')
      ).length
        ? true
        : undefined,
    );
    await sleep(3000);
    switcher.set(false);
    await waitFor('Prometheus to resolve', async () =>
      (await promQuery('ALERTS{alertname="SwitchOn"}')).length === 0
        ? true
        : undefined,
    );
    // Alertmanager keeps retrying a failed notification for at least 10 s (its minimum notify
    // timeout); come back after that, so only the reconciler can know of this alert.
    await sleep(12_000);
    await startBackend();
    const reconcile = scheduledTasks.get('observability-alerts-reconcile')!;
    expect(reconcile.scope).toBe('global');
    const missed = await waitFor(
      'the reconciler to record the missed alert',
      async () => {
        // A run may fail (the pool may still hold a connection the database test cut); the
        // scheduler would simply run it again at the next interval.
        await Promise.resolve(reconcile.fn(new AbortController().signal)).catch(
          () => {},
        );
        return (await history()).find(
          a => a.startsAt > downAt && a.status === 'resolved',
        );
      },
    );
    expect(missed.events.map(e => [e.type, e.actor])).toEqual([
      ['fired', 'reconciler'],
      ['resolved', 'reconciler'],
    ]);
    expect(missed.endsAt! - missed.startsAt).toBeGreaterThanOrEqual(3);
    expect(missed.entityRefs).toEqual(['component:default/switch']);
    // The two alerts the webhook stored are recognised in Prometheus's history, not duplicated.
    const all = await history();
    expect(all).toHaveLength(3);
  });
});
