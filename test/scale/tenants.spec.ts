/*
 * Prometheus behind a path prefix and a tenant header, as Mimir, Cortex and Thanos' multi-tenant
 * fronts serve it: two real Prometheus servers behind nginx under /prometheus, routed on
 * X-Scope-OrgID. Two instances in the portal's config share the base URL and prefix and differ
 * only in their header. nginx's access log (one JSON object per request, with the PromQL body
 * and the traceparent) is what the tests read: each portal request is sent with a trace id of
 * its own, and every upstream request made for it must carry it, the prefix and the entity's
 * tenant, and reach that tenant's Prometheus.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { recordFigures } from './figures';
import { expect, TASK_INTERVAL_SECONDS, test } from './scaleFixture';
import type { ScaleStack } from './scaleStack';

test.describe.configure({ mode: 'serial' });

interface TenantLine {
  msec: string;
  method: string;
  uri: string;
  status: string;
  upstream: string;
  tenant: string;
  traceparent: string;
  body: string;
}

let stack: ScaleStack;
let token: string;
let portA: string;
let portB: string;

test.beforeAll(async ({ stack: bed, token: signedIn }) => {
  stack = bed;
  token = signedIn;
  portA = new URL(stack.demo.prometheusUrl).port;
  portB = new URL(stack.tenantB.prometheusUrl).port;
});

function tenantLines(): TenantLine[] {
  return readFileSync(`${stack.runDir}/nginx/tenants-access.log`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as TenantLine);
}

/** The portal sends a traceparent on every upstream request; this suite's own probes do not. */
const fromThePortal = (l: TenantLine) => /^00-/.test(l.traceparent);

const linesOfTrace = (traceId: string) =>
  tenantLines().filter(l => l.traceparent.startsWith(`00-${traceId}-`));

/** A portal request with a trace id of our own, through nginx. */
async function traced(path: string, init: RequestInit = {}) {
  const traceId = randomBytes(16).toString('hex');
  const res = await fetch(`${stack.portalUrl}/api/observability${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  const body = await res.text();
  expect(res.status, `${path}: ${body}`).toBe(200);
  // nginx writes its log line when the upstream answer is complete.
  await new Promise(resolve => setTimeout(resolve, 100));
  return { traceId, body };
}

const entityB = '/entities/component/default/checkout-b';
const now = () => Math.floor(Date.now() / 1000);

test('the tenant front refuses a request without a tenant, or with an unknown one', async () => {
  const url = `${stack.tenantsUrl}/prometheus/api/v1/query?query=up`;
  expect((await fetch(url)).status).toBe(401);
  expect(
    (await fetch(url, { headers: { 'X-Scope-OrgID': 'tenant-c' } })).status,
  ).toBe(401);
  // Without the prefix there is no API at all.
  expect(
    (
      await fetch(`${stack.tenantsUrl}/api/v1/query?query=up`, {
        headers: { 'X-Scope-OrgID': 'tenant-a' },
      })
    ).status,
  ).toBe(404);
  const b = await fetch(url, { headers: { 'X-Scope-OrgID': 'tenant-b' } });
  expect(b.status).toBe(200);
  // Each tenant's Prometheus answers with its own self-scrape: the header chose the server.
  const instances = (await b.json()).data.result
    .filter((r: any) => r.metric.job === 'prometheus')
    .map((r: any) => r.metric.instance);
  expect(instances).toEqual([`127.0.0.1:${portB}`]);
});

const entityRoutes: Array<[string, () => [string, RequestInit?]]> = [
  ['summary', () => [`${entityB}/summary`]],
  ['signals', () => [`${entityB}/signals?from=${now() - 600}&to=${now()}`]],
  [
    'query',
    () => [
      `${entityB}/query`,
      {
        method: 'POST',
        body: JSON.stringify({
          query: 'sum(rate(http_requests_total[1m]))',
        }),
      },
    ],
  ],
  ['SLOs', () => [`${entityB}/slos`]],
  ['exemplars', () => [`${entityB}/exemplars?from=${now() - 600}&to=${now()}`]],
];

for (const [name, route] of entityRoutes) {
  test(`${name} of an entity on tenant-b goes to /prometheus with tenant-b's header only, to its Prometheus`, async () => {
    const [path, init] = route();
    const { traceId } = await traced(path, init);
    const lines = linesOfTrace(traceId);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.uri).toMatch(/^\/prometheus\/api\/v1\//);
      expect(line).toMatchObject({
        tenant: 'tenant-b',
        upstream: `127.0.0.1:${portB}`,
        status: '200',
      });
    }
    recordFigures('tenants', {
      [`upstreamRequests.${name}`]: lines.length,
    });
  });
}

test("the overview asks each instance with its own header, and an entity on the default instance stays on tenant-a's", async () => {
  const { traceId, body } = await traced('/overview');
  const rows = JSON.parse(body).rows as Array<{ entityRef: string }>;
  expect(rows.map(r => r.entityRef)).toEqual(
    expect.arrayContaining([
      'component:default/checkout',
      'component:default/checkout-b',
    ]),
  );
  const lines = linesOfTrace(traceId);
  const byTenant = (tenant: string) => lines.filter(l => l.tenant === tenant);
  expect(byTenant('tenant-a').length).toBeGreaterThan(0);
  expect(byTenant('tenant-b').length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.uri).toMatch(/^\/prometheus\/api\/v1\//);
    expect(line.upstream).toBe(
      `127.0.0.1:${line.tenant === 'tenant-a' ? portA : portB}`,
    );
  }
  expect(lines.length).toBe(
    byTenant('tenant-a').length + byTenant('tenant-b').length,
  );

  const checkoutA = linesOfTrace(
    (await traced('/entities/component/default/checkout/summary')).traceId,
  );
  expect(checkoutA.length).toBeGreaterThan(0);
  for (const line of checkoutA) {
    expect(line).toMatchObject({
      tenant: 'tenant-a',
      upstream: `127.0.0.1:${portA}`,
    });
  }
});

test("the scheduled tasks' reads (the reconciler's ALERTS, the rule delivery's read-back) go to each tenant with its header", async () => {
  test.setTimeout(60_000);
  // Both run every few seconds on one replica or the other, each run in a trace of its own.
  await expect(async () => {
    const lines = tenantLines().filter(fromThePortal);
    for (const tenant of ['tenant-a', 'tenant-b']) {
      const port = tenant === 'tenant-a' ? portA : portB;
      const ruleReads = lines.filter(
        l => l.uri === '/prometheus/api/v1/rules' && l.tenant === tenant,
      );
      const alertsReads = lines.filter(
        l =>
          l.uri.startsWith('/prometheus/api/v1/query') &&
          l.tenant === tenant &&
          /ALERTS/.test(decodeURIComponent(l.body.replace(/\+/g, ' '))),
      );
      expect(ruleReads.length).toBeGreaterThan(0);
      expect(alertsReads.length).toBeGreaterThan(0);
      for (const line of [...ruleReads, ...alertsReads]) {
        expect(line).toMatchObject({
          upstream: `127.0.0.1:${port}`,
          status: '200',
        });
      }
    }
  }).toPass({ timeout: 6 * TASK_INTERVAL_SECONDS * 1000 });

  // And the rules delivered for checkout-b were loaded by tenant-b's Prometheus, not tenant-a's.
  const rulesOf = async (prometheusUrl: string) =>
    JSON.stringify(await (await fetch(`${prometheusUrl}/api/v1/rules`)).json());
  await expect(async () => {
    expect(await rulesOf(stack.tenantB.prometheusUrl)).toContain(
      'component:default/checkout-b',
    );
  }).toPass({ timeout: 6 * TASK_INTERVAL_SECONDS * 1000 });
  expect(await rulesOf(stack.demo.prometheusUrl)).not.toContain(
    'component:default/checkout-b',
  );
});

test('no request reached the tenant front without a tenant header, or with a header its upstream does not serve', async () => {
  const lines = tenantLines();
  const fromPortal = lines.filter(fromThePortal);
  expect(fromPortal.length).toBeGreaterThan(0);
  for (const line of fromPortal) {
    expect(['tenant-a', 'tenant-b']).toContain(line.tenant);
    expect(line.upstream).toBe(
      `127.0.0.1:${line.tenant === 'tenant-a' ? portA : portB}`,
    );
  }
  recordFigures('tenants', { portalUpstreamRequests: fromPortal.length });
});
