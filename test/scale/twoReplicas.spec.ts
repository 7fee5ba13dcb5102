/*
 * Two backend replicas built as in production, on one PostgreSQL and one Redis, behind nginx;
 * Alertmanager posts to nginx. What DESIGN.md promises past one machine, with every part real.
 */
import { readFileSync } from 'node:fs';
import { recordFigures } from './figures';
import { expect, TASK_INTERVAL_SECONDS, test } from './scaleFixture';
import type { ScaleStack } from './scaleStack';
import {
  notification,
  postWebhook,
  replicaMetrics,
  sleep,
  storedByFingerprint,
} from './scaleClient';

test.describe.configure({ mode: 'serial' });

const TASKS = [
  'observability-alerts-reconcile',
  'observability-alerts-retention',
  'observability-rules-deliver',
];
const checkout = '/api/observability/entities/component/default/checkout';

let stack: ScaleStack;
let token: string;
// Alertmanager fingerprints are hex; these are unique per run.
const uniq = () =>
  `${Date.now().toString(16)}${Math.random().toString(16).slice(2, 8)}`;

test.beforeAll(async ({ stack: bed, token: signedIn }) => {
  stack = bed;
  token = signedIn;
});

const auth = () => ({ Authorization: `Bearer ${token}` });

async function taskRuns(replica: string): Promise<Record<string, number>> {
  const metrics = await replicaMetrics(stack.replica(replica).url);
  return Object.fromEntries(
    TASKS.map(task => [
      task,
      metrics.sum('observability_task_runs_total', { task }),
    ]),
  );
}

test('both replicas serve the portal through nginx, on PostgreSQL and Redis', async () => {
  for (const name of ['a', 'b']) {
    const res = await fetch(
      `${stack.replica(name).url}/api/observability/health`,
    );
    expect(await res.json()).toMatchObject({
      status: 'ok',
      database: { status: 'up' },
      instances: [
        { name: 'production', status: 'up' },
        { name: 'tenant-b', status: 'up' },
      ],
    });
  }
  // The frontend and the API, both through the balancer, signed in as a person.
  const page = await fetch(stack.portalUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
  const summary = await fetch(`${stack.portalUrl}${checkout}/summary`, {
    headers: auth(),
  });
  expect(summary.status).toBe(200);
  // nginx sent requests to both replicas.
  const upstreams = readFileSync(
    `${stack.runDir}/nginx/portal-access.log`,
    'utf8',
  );
  for (const name of ['a', 'b']) {
    expect(upstreams).toContain(`127.0.0.1:${stack.replica(name).port}`);
  }
});

test('the same notification delivered to both replicas at once, and again, records each transition once', async () => {
  const startsAt = new Date(Date.now() - 30_000).toISOString();
  const alerts = [0, 1, 2].map(i => ({
    alertname: `ScaleDuplicate${i}`,
    fingerprint: `d0${uniq()}${i}`,
    startsAt,
  }));
  const firing = notification(alerts);
  const a = stack.replica('a').url;
  const b = stack.replica('b').url;
  const statuses = await Promise.all([
    postWebhook(a, stack.webhookToken, firing),
    postWebhook(b, stack.webhookToken, firing),
    postWebhook(a, stack.webhookToken, firing),
    postWebhook(b, stack.webhookToken, firing),
  ]);
  expect(statuses).toEqual([200, 200, 200, 200]);
  // Redelivered through the balancer, as Alertmanager does every repeat_interval.
  expect(await postWebhook(stack.portalUrl, stack.webhookToken, firing)).toBe(
    200,
  );
  const resolved = notification(
    alerts.map(x => ({ ...x, status: 'resolved' as const })),
  );
  expect(
    await Promise.all([
      postWebhook(a, stack.webhookToken, resolved),
      postWebhook(b, stack.webhookToken, resolved),
    ]),
  ).toEqual([200, 200]);

  const stored = await storedByFingerprint(
    stack,
    alerts.map(x => x.fingerprint),
  );
  expect(stored).toHaveLength(3);
  for (const row of stored) {
    expect(row).toMatchObject({ status: 'resolved', fired: 1, resolved: 1 });
  }
});

test('an alert that fires and resolves while one replica is stopped is recorded by the other', async () => {
  await stack.replica('a').stop();
  try {
    const alert = {
      alertname: 'ScaleWhileAStopped',
      fingerprint: `5a${uniq()}`,
      startsAt: new Date().toISOString(),
    };
    // Through nginx, which finds replica a refusing connections and uses b.
    expect(
      await postWebhook(
        stack.portalUrl,
        stack.webhookToken,
        notification([alert]),
      ),
    ).toBe(200);
    expect(
      await postWebhook(
        stack.portalUrl,
        stack.webhookToken,
        notification([{ ...alert, status: 'resolved' }]),
      ),
    ).toBe(200);
    const [row] = await storedByFingerprint(stack, [alert.fingerprint]);
    expect(row).toMatchObject({ status: 'resolved', fired: 1, resolved: 1 });
  } finally {
    await stack.startReplica('a');
  }
  // And replica a, back, serves it from the shared database.
  const list = await fetch(
    `${stack.replica('a').url}${checkout}/alerts?state=resolved`,
    { headers: auth() },
  );
  const body = await list.json();
  expect(
    body.alerts.some(
      (x: { alertname: string }) => x.alertname === 'ScaleWhileAStopped',
    ),
  ).toBe(true);
});

test('an alert held by the real Alertmanager (whose notifications come through nginx), acknowledged on replica a, is acknowledged on replica b at once', async () => {
  const alertname = `ScaleAck${uniq()}`;
  // Into the real Alertmanager, as Prometheus would send it; Alertmanager posts it to nginx
  // after group_wait and keeps it, so the reconciler leaves it firing.
  const sent = await fetch(`${stack.demo.alertmanagerUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([
      {
        labels: {
          alertname,
          job: 'checkout',
          namespace: 'shop',
          severity: 'warning',
        },
        annotations: { summary: 'acknowledged across replicas' },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      },
    ]),
  });
  expect(sent.status).toBe(200);
  let id = '';
  await expect(async () => {
    const res = await fetch(
      `${stack.portalUrl}${checkout}/alerts?state=firing`,
      { headers: auth() },
    );
    const body = await res.json();
    const found = body.alerts.find(
      (x: { alertname: string }) => x.alertname === alertname,
    );
    expect(found).toBeTruthy();
    id = found.id;
  }).toPass({ timeout: 60_000 });
  // The reconciler may read it from Alertmanager's API before the notification comes; either
  // way, Alertmanager's own notifications arrive through nginx and are taken.
  await expect(async () => {
    const delivered = readFileSync(
      `${stack.runDir}/nginx/portal-access.log`,
      'utf8',
    )
      .split('\n')
      .filter(
        line =>
          line.includes('"POST /api/observability/alerts/webhook') &&
          / 200 127\.0\.0\.1:\d+ /.test(line) &&
          line.includes('agent="Alertmanager/'),
      );
    expect(delivered.length).toBeGreaterThan(0);
  }).toPass({ timeout: 60_000 });

  const ack = await fetch(
    `${stack.replica('a').url}${checkout}/alerts/${id}/acknowledge`,
    {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'on it, from replica a' }),
    },
  );
  expect(ack.status).toBe(200);
  const onB = await fetch(
    `${stack.replica('b').url}${checkout}/alerts?state=firing`,
    { headers: auth() },
  );
  const alert = (await onB.json()).alerts.find(
    (x: { id: string }) => x.id === id,
  );
  expect(alert.acknowledged).toMatchObject({
    by: 'user:default/alice',
    note: 'on it, from replica a',
  });

  // The acknowledgement's log line on replica a carries the trace id the response named.
  const traceId = /^00-([0-9a-f]{32})-/.exec(
    ack.headers.get('traceresponse') ?? '',
  )?.[1];
  expect(traceId).toBeTruthy();
  const logLine = readFileSync(`${stack.runDir}/backend-a.log`, 'utf8')
    .split('\n')
    .find(line => line.includes(`acknowledged alert ${alertname}`));
  expect(JSON.parse(logLine!)).toMatchObject({
    traceId,
    plugin: 'observability',
  });
});

test('scheduled tasks run on one replica at a time, and move to the other within one interval when it stops', async () => {
  test.setTimeout(180_000);
  // The tasks' first runs wait for their initial delays; count from a steady state.
  await sleep(2_000);
  const windowSeconds = 4 * TASK_INTERVAL_SECONDS;
  const before = { a: await taskRuns('a'), b: await taskRuns('b') };
  await sleep(windowSeconds * 1000);
  const after = { a: await taskRuns('a'), b: await taskRuns('b') };
  const ranOn: Record<string, string[]> = {};
  for (const task of TASKS) {
    const onA = after.a[task] - before.a[task];
    const onB = after.b[task] - before.b[task];
    // Both replicas scheduled each task every interval: run on both, it would be ~2x this.
    expect(onA + onB).toBeGreaterThanOrEqual(
      windowSeconds / TASK_INTERVAL_SECONDS - 2,
    );
    expect(onA + onB).toBeLessThanOrEqual(
      windowSeconds / TASK_INTERVAL_SECONDS + 1,
    );
    ranOn[task] = [onA > 0 ? 'a' : '', onB > 0 ? 'b' : ''].filter(Boolean);
  }

  // Stop whichever replica ran the reconciler last; the other must take every task over.
  const runner = ranOn['observability-alerts-reconcile'].includes('b')
    ? 'b'
    : 'a';
  const survivor = runner === 'a' ? 'b' : 'a';
  const survivorBefore = await taskRuns(survivor);
  await stack.replica(runner).stop();
  const stoppedAt = Date.now();
  try {
    await expect(async () => {
      const now = await taskRuns(survivor);
      for (const task of TASKS) {
        expect(now[task]).toBeGreaterThan(survivorBefore[task]);
      }
    }).toPass({
      timeout: (TASK_INTERVAL_SECONDS + 3) * 1000,
      intervals: [250],
    });
    const tookOverSeconds = (Date.now() - stoppedAt) / 1000;
    expect(tookOverSeconds).toBeLessThanOrEqual(TASK_INTERVAL_SECONDS + 3);
    recordFigures('two-replicas', {
      taskIntervalSeconds: TASK_INTERVAL_SECONDS,
      taskRunsInWindow: Object.fromEntries(
        TASKS.map(task => [
          task,
          {
            a: after.a[task] - before.a[task],
            b: after.b[task] - before.b[task],
          },
        ]),
      ),
      taskWindowSeconds: windowSeconds,
      taskTakeoverSeconds: Number(tookOverSeconds.toFixed(2)),
    });
  } finally {
    await stack.startReplica(runner);
  }
});

test('a view asked on replica a and then on replica b costs one set of upstream queries (shared Redis cache)', async () => {
  // A fixed range in the past: cacheable for the longest TTL.
  const to = Math.floor(Date.now() / 1000 / 60) * 60 - 120;
  const path = `${checkout}/signals?from=${to - 600}&to=${to}&step=60`;
  const upstream = async (name: string) =>
    (await replicaMetrics(stack.replica(name).url)).sum(
      'observability_upstream_requests_total',
    );
  const [a0, b0] = [await upstream('a'), await upstream('b')];
  const onA = await fetch(`${stack.replica('a').url}${path}`, {
    headers: auth(),
  });
  expect(onA.status).toBe(200);
  const onB = await fetch(`${stack.replica('b').url}${path}`, {
    headers: auth(),
  });
  expect(onB.status).toBe(200);
  expect(await onB.json()).toEqual(await onA.json());
  const [a1, b1] = [await upstream('a'), await upstream('b')];
  expect(a1 - a0).toBeGreaterThan(0);
  expect(b1 - b0).toBe(0);
  recordFigures('two-replicas', {
    sharedCache: { upstreamQueriesOnA: a1 - a0, upstreamQueriesOnB: b1 - b0 },
  });
});

test('a replica killed with SIGKILL under viewers and webhooks loses and duplicates no alert, and the survivor carries on', async () => {
  test.setTimeout(180_000);
  const runSeconds = 12;
  const killAfterMs = 4_000;
  const viewers = 20;
  const deadline = Date.now() + runSeconds * 1000;
  const viewPaths = [
    `${checkout}/summary`,
    '/api/observability/entities/component/default/payments/summary',
    `${checkout}/alerts`,
  ];
  const results: Array<{ ok: boolean; at: number; kind: string }> = [];
  let inFlight = 0;
  let inFlightAtKill = -1;

  const viewer = async (i: number) => {
    for (let n = 0; Date.now() < deadline; n++) {
      inFlight++;
      try {
        const res = await fetch(
          `${stack.portalUrl}${viewPaths[(i + n) % viewPaths.length]}`,
          { headers: auth() },
        );
        await res.arrayBuffer();
        results.push({ ok: res.ok, at: Date.now(), kind: 'view' });
      } catch {
        results.push({ ok: false, at: Date.now(), kind: 'view' });
      } finally {
        inFlight--;
      }
    }
  };
  // Alertmanager's behaviour: a notification that fails is sent again.
  const fingerprints: string[] = [];
  const webhookFailures: number[] = [];
  const sender = async () => {
    for (let n = 0; Date.now() < deadline; n++) {
      const fingerprint = `c1${uniq()}${n.toString(16)}`;
      fingerprints.push(fingerprint);
      const body = notification([
        {
          alertname: 'ScaleUnderKill',
          fingerprint,
          startsAt: new Date().toISOString(),
        },
      ]);
      for (let attempt = 0; ; attempt++) {
        inFlight++;
        let status = 0;
        try {
          status = await postWebhook(stack.portalUrl, stack.webhookToken, body);
        } catch {
          status = 0;
        } finally {
          inFlight--;
        }
        results.push({ ok: status === 200, at: Date.now(), kind: 'webhook' });
        if (status === 200) break;
        webhookFailures.push(status);
        if (attempt >= 5) break;
        await sleep(200);
      }
    }
  };
  const killer = (async () => {
    await sleep(killAfterMs);
    inFlightAtKill = inFlight;
    stack.replica('b').kill();
  })();
  await Promise.all([
    ...Array.from({ length: viewers }, (_, i) => viewer(i)),
    sender(),
    sender(),
    killer,
  ]);
  stack.replicas.delete('b');

  const failed = results.filter(r => !r.ok);
  recordFigures('two-replicas', {
    sigkill: {
      loadSeconds: runSeconds,
      viewers,
      webhookSenders: 2,
      requests: results.length,
      failed: failed.length,
      failedViews: failed.filter(r => r.kind === 'view').length,
      failedWebhookAttempts: webhookFailures.length,
      inFlightAtKill,
      notificationsSent: fingerprints.length,
    },
  });
  // At most what was in flight on the killed replica failed (nginx moves the GETs it can).
  expect(failed.length).toBeLessThanOrEqual(inFlightAtKill);
  // The survivor carried on: nothing failed in the last seconds of the load.
  const lateFailures = failed.filter(r => r.at > deadline - 4_000);
  expect(lateFailures).toEqual([]);
  expect(results.filter(r => r.ok).length).toBeGreaterThan(100);

  // Every notification sent is stored exactly once: none lost, none twice.
  const stored = await storedByFingerprint(stack, fingerprints);
  expect(stored.map(r => r.fingerprint).sort()).toEqual(
    [...fingerprints].sort(),
  );
  for (const row of stored) expect(row.fired).toBe(1);
  // The last suite of the run: replica b stays down (the fixture stops what runs).
});
