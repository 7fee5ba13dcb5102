import { APIRequestContext, expect, test } from '@playwright/test';
import { openAsGuest } from './portalPage';

const screenshots = 'test-results/screenshots';

// The demo portal's real auth: Alertmanager's webhook token is a Backstage external-access
// static token from app-config.yaml, and the guest is not in any owning group, so the demo
// permission policy denies acting on alerts.
const webhook = 'http://localhost:7007/api/observability/alerts/webhook';
const demoToken =
  process.env.OBSERVABILITY_WEBHOOK_TOKEN ?? 'demo-alertmanager-webhook-token';

const notification = (startsAt: string) => ({
  version: '4',
  status: 'firing',
  receiver: 'backstage',
  groupKey: '{}:{alertname="E2eCheckoutProbe"}',
  alerts: [
    {
      status: 'firing',
      labels: {
        alertname: 'E2eCheckoutProbe',
        job: 'checkout',
        namespace: 'shop',
        severity: 'warning',
      },
      annotations: {
        summary: 'End-to-end probe alert for checkout',
        description: 'Posted by the end-to-end test with the real static token',
        runbook_url: 'https://runbooks.example/e2e',
        value: '42',
      },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://localhost:9090/graph',
      fingerprint: 'e2e0000000000001',
    },
  ],
});

async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get(
    'http://localhost:7007/api/auth/guest/refresh',
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(res.status()).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

test('the webhook takes only the configured static token', async ({
  request,
}) => {
  const body = notification(new Date().toISOString());
  const none = await request.post(webhook, { data: body });
  expect(none.status()).toBe(401);
  const wrong = await request.post(webhook, {
    data: body,
    headers: { Authorization: 'Bearer not-the-token' },
  });
  expect(wrong.status()).toBe(401);
  // A signed-in person is not Alertmanager either.
  const user = await request.post(webhook, {
    data: body,
    headers: { Authorization: `Bearer ${await guestToken(request)}` },
  });
  expect(user.status()).toBe(403);
  const right = await request.post(webhook, {
    data: body,
    headers: { Authorization: `Bearer ${demoToken}` },
  });
  expect(right.status()).toBe(200);
  expect(await right.json()).toEqual({ stored: 1 });
});

test('a guest sees the alert but may not acknowledge or silence it (demo policy: owners only)', async ({
  request,
}) => {
  // Through the demo Alertmanager, which keeps it firing (the reconciler resolves alerts that
  // Alertmanager does not hold).
  const alert = notification(new Date(Date.now() - 60_000).toISOString())
    .alerts[0];
  const labels = { ...alert.labels, alertname: 'E2eCheckoutApi' };
  const sent = await request.post('http://localhost:9093/api/v2/alerts', {
    data: [
      {
        labels,
        annotations: alert.annotations,
        startsAt: alert.startsAt,
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      },
    ],
  });
  expect(sent.status()).toBe(200);
  const token = await guestToken(request);
  const headers = { Authorization: `Bearer ${token}` };
  let body: any;
  let probe: any;
  // Alertmanager delivers after group_wait (10 s in the demo).
  await expect(async () => {
    const list = await request.get(
      'http://localhost:7007/api/observability/entities/component/default/checkout/alerts?state=firing',
      { headers },
    );
    expect(list.status()).toBe(200);
    body = await list.json();
    probe = body.alerts.find(
      (a: { alertname: string }) => a.alertname === 'E2eCheckoutApi',
    );
    expect(probe).toBeTruthy();
  }).toPass({ timeout: 90_000 });
  expect(body.permissions.acknowledge).toEqual({
    allowed: false,
    reason: expect.stringMatching(
      /does not let you acknowledge alerts of component:default\/checkout .*its owner is/,
    ),
  });
  expect(body.permissions.silence.allowed).toBe(false);
  const ack = await request.post(
    `http://localhost:7007/api/observability/entities/component/default/checkout/alerts/${probe.id}/acknowledge`,
    { headers, data: { note: 'guest tries' } },
  );
  expect(ack.status()).toBe(403);
});

test("checkout's tab shows the firing alert with its details and the actions disabled, with the reason", async ({
  page,
  request,
}) => {
  // Into the demo Alertmanager, as Prometheus would send it: Alertmanager delivers it to the
  // portal's webhook (and keeps it, so the reconciler leaves it firing).
  const alert = notification(new Date(Date.now() - 120_000).toISOString())
    .alerts[0];
  const sent = await request.post('http://localhost:9093/api/v2/alerts', {
    data: [
      {
        labels: { ...alert.labels, alertname: 'E2eCheckoutUi' },
        annotations: alert.annotations,
        startsAt: alert.startsAt,
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        generatorURL: alert.generatorURL,
      },
    ],
  });
  expect(sent.status()).toBe(200);
  await openAsGuest(page, '/catalog/default/component/checkout/observability');
  const firing = page.getByRole('list', { name: 'Firing alerts' });
  // Alertmanager waits group_wait (10 s in the demo) before it delivers; the tab auto-refreshes
  // only when asked to, so reload until the alert is there.
  await expect(async () => {
    await page.reload();
    await expect(firing).toContainText('E2eCheckoutUi', { timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await expect(firing).toContainText('End-to-end probe alert for checkout');
  const acknowledge = firing
    .getByRole('button', { name: 'Acknowledge E2eCheckoutUi' })
    .first();
  await expect(acknowledge).toBeDisabled();
  await expect(
    firing.getByRole('button', { name: 'Silence E2eCheckoutUi' }).first(),
  ).toBeDisabled();
  await acknowledge.locator('xpath=..').hover();
  await expect(page.getByRole('tooltip')).toContainText(
    'does not let you acknowledge alerts of component:default/checkout',
  );
  await page.getByText('Response', { exact: true }).scrollIntoViewIfNeeded();
  await page.screenshot({
    path: `${screenshots}/checkout-alerts.png`,
    fullPage: true,
  });
});
