import { expect, Page, test } from '@playwright/test';
import { openAsGuest } from './portalPage';

// Traces in the demo come from the demo stack's in-memory trace store, a stand-in for Jaeger
// (no Jaeger or Tempo can be installed on these machines): the demo services are instrumented
// with OpenTelemetry's Node SDK and send it real spans over OTLP/HTTP; the plugin asks it
// through Jaeger's api_v3, as it would ask a real Jaeger.
const screenshots = 'test-results/screenshots';
const themes = ['light', 'dark'] as const;
const tab = '/catalog/default/component/checkout/observability';

async function useTheme(page: Page, theme: (typeof themes)[number]) {
  await page.addInitScript(t => window.localStorage.setItem('theme', t), theme);
}

/** The Traces section, once it lists traces (the demo's traffic makes new ones every second). */
async function tracesSection(page: Page) {
  const section = page.getByTestId('traces-section');
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByTestId('trace-row').first()).toBeVisible({
    timeout: 30_000,
  });
  return section;
}

for (const theme of themes) {
  test(`checkout's traces: the list, and a trace across checkout, payments and inventory (${theme})`, async ({
    page,
  }) => {
    await useTheme(page, theme);
    await openAsGuest(page, tab);
    const section = await tracesSection(page);
    await expect(section).toContainText('demo-trace-store (Jaeger stand-in)');
    // A checkout request calls payments and inventory: its trace has all three services.
    const crossing = section
      .getByTestId('trace-row')
      .filter({ hasText: 'checkout, inventory, payments' })
      .first();
    // Only POST /api/checkout crosses services, and the list (20 newest) does not refresh by
    // itself: reload until one of them is among the newest.
    await expect(async () => {
      await page.reload();
      await expect(crossing).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 60_000 });
    await crossing.getByRole('button').click();
    await expect(page).toHaveURL(/[?&]trace=[0-9a-f]{32}/);
    const detail = page.getByTestId('trace-detail');
    for (const service of ['checkout', 'payments', 'inventory']) {
      await expect(detail).toContainText(service);
    }
    await detail.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${screenshots}/checkout-trace-${theme}.png`,
      fullPage: false,
    });
  });
}

test('clicking an exemplar on the latency chart opens its trace', async ({
  page,
}) => {
  await openAsGuest(page, tab);
  const latency = page.getByRole('figure', { name: 'Latency chart' }).first();
  // The last dot is drawn on top where dots overlap, so it is the one a click reaches.
  const dot = latency.getByTestId('chart-marker').last();
  // Exemplars arrive with the scrapes (every 5 s in the demo): reload until the chart has one.
  await expect(async () => {
    await page.reload();
    await expect(dot).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  await latency.screenshot({
    path: `${screenshots}/checkout-latency-exemplars.png`,
  });
  const label = (await dot.getAttribute('aria-label')) ?? '';
  const prefix = /^Trace ([0-9a-f]{8})/.exec(label)?.[1];
  expect(prefix).toBeDefined();
  await dot.click();
  await expect(page).toHaveURL(new RegExp(`[?&]trace=${prefix}[0-9a-f]{24}`));
  const detail = page.getByTestId('trace-detail');
  await expect(detail).toBeVisible();
  await expect(detail).toContainText('checkout');
  await page.getByTestId('traces-section').screenshot({
    path: `${screenshots}/checkout-traces-section.png`,
  });
});

test("a firing alert's Traces link opens the traces around its start, errors first", async ({
  page,
  request,
}) => {
  const startsAt = new Date(Date.now() - 120_000);
  const alert = (endsAt: Date) => [
    {
      labels: {
        alertname: 'E2eTracesLink',
        job: 'checkout',
        namespace: 'shop',
        severity: 'warning',
        e2e_run: `${Date.now()}`,
      },
      annotations: { summary: 'An alert whose traces we open' },
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
    },
  ];
  const body = alert(new Date(Date.now() + 3600_000));
  const post = async (endsAt: Date) =>
    expect(
      (
        await request.post('http://127.0.0.1:9093/api/v2/alerts', {
          data: [{ ...body[0], endsAt: endsAt.toISOString() }],
        })
      ).status(),
    ).toBe(200);
  await post(new Date(Date.now() + 3600_000));
  try {
    await openAsGuest(page, tab);
    const firing = page.getByRole('list', { name: 'Firing alerts' });
    await expect(async () => {
      await page.reload();
      await expect(firing).toContainText('E2eTracesLink', { timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    await firing
      .getByRole('link', { name: 'Traces around the start of E2eTracesLink' })
      .click();
    const from = Math.floor(startsAt.getTime() / 1000) - 300;
    await expect(page).toHaveURL(new RegExp(`[?&]from=${from}(&|$)`));
    await expect(page).toHaveURL(/[?&]traces=errors/);
    const section = page.getByTestId('traces-section');
    await expect(
      section.getByRole('button', { name: 'Errors' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await expect(
      section
        .getByTestId('trace-row')
        .or(section.getByTestId('traces-empty'))
        .first(),
    ).toBeVisible({ timeout: 30_000 });
  } finally {
    await post(new Date(Date.now() - 1_000));
  }
});
