import { APIRequestContext, expect, test } from '@playwright/test';
import { openAsGuest } from './portalPage';

// A rule's author decides an alert's runbook_url annotation and, through Prometheus' external
// URL, its generatorURL; the portal must show what is not an http(s) URL as text, never as a
// link that runs script in the portal's origin.
const alertmanager = 'http://127.0.0.1:9093/api/v2/alerts';
// job and namespace are the labels checkout's prometheus selector annotation names.
const checkout = { job: 'checkout', namespace: 'shop', severity: 'warning' };
// A label of its own per run, so an earlier run's alert (resolved by the clean-up) is not this one.
const run = `${Date.now()}`;

const alerts = (endsAt: string) => [
  {
    labels: { ...checkout, alertname: 'E2eScriptLinks', e2e_run: run },
    annotations: {
      summary: 'A rule with script where its runbook and source should be',
      runbook_url: 'javascript:alert(document.domain)',
    },
    generatorURL: 'javascript:alert(2)',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt,
  },
  {
    labels: { ...checkout, alertname: 'E2eWebLinks', e2e_run: run },
    annotations: {
      summary: 'A rule with a web runbook',
      runbook_url: 'https://runbooks.example/e2e-web-links',
    },
    generatorURL: 'http://localhost:9090/graph?g0.expr=up',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt,
  },
];

async function post(request: APIRequestContext, endsAt: Date) {
  const res = await request.post(alertmanager, {
    data: alerts(endsAt.toISOString()),
  });
  expect(res.status()).toBe(200);
}

test.afterEach(async ({ request }) => {
  // Resolved in Alertmanager, which tells the portal; nothing is left firing on checkout.
  await post(request, new Date(Date.now() - 1_000));
});

test('a runbook or source that is not an http(s) URL is shown as text, never as a link', async ({
  page,
  request,
}) => {
  await post(request, new Date(Date.now() + 3600_000));
  await openAsGuest(page, '/catalog/default/component/checkout/observability');
  const firing = page.getByRole('list', { name: 'Firing alerts' });
  // Alertmanager delivers to the portal's webhook after group_wait (10 s in the demo); the tab
  // refreshes only when asked to, so reload until both alerts are there.
  await expect(async () => {
    await page.reload();
    await expect(firing).toContainText('E2eScriptLinks', { timeout: 5_000 });
    await expect(firing).toContainText('E2eWebLinks', { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });

  const scripted = firing
    .getByRole('listitem')
    .filter({ hasText: 'E2eScriptLinks' })
    .first();
  await expect(scripted).toContainText(
    'Runbook: javascript:alert(document.domain)',
  );
  await expect(scripted).toContainText('Source: javascript:alert(2)');
  // The only link left is the portal's own, to the alert's traces.
  await expect(scripted.getByRole('link')).toHaveText(['Traces']);
  await expect(
    scripted.getByRole('link', {
      name: 'Traces around the start of E2eScriptLinks',
    }),
  ).toHaveAttribute('href', /[?&]traces=errors/);
  await expect(page.locator('a[href^="javascript" i]')).toHaveCount(0);
  await expect(page.locator('a[href*="script:" i]')).toHaveCount(0);

  const web = firing
    .getByRole('listitem')
    .filter({ hasText: 'E2eWebLinks' })
    .first();
  await expect(web.getByRole('link', { name: 'Runbook' })).toHaveAttribute(
    'href',
    'https://runbooks.example/e2e-web-links',
  );
  await expect(web.getByRole('link', { name: 'Source' })).toHaveAttribute(
    'href',
    'http://localhost:9090/graph?g0.expr=up',
  );
  await scripted.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: 'test-results/screenshots/checkout-alert-links.png',
    fullPage: true,
  });
});
