import { expect, Page, test } from '@playwright/test';
import { entityTab, openAsGuest, tableNumbers } from './portalPage';

const screenshots = 'test-results/screenshots';
const themes = ['light', 'dark'] as const;

/** Backstage keeps the chosen theme in local storage; set it before the app loads. */
async function useTheme(page: Page, theme: (typeof themes)[number]) {
  await page.addInitScript(t => window.localStorage.setItem('theme', t), theme);
}

for (const theme of themes) {
  test(`checkout's Observability tab shows real golden signals (${theme})`, async ({
    page,
  }) => {
    await useTheme(page, theme);
    await openAsGuest(
      page,
      '/catalog/default/component/checkout/observability',
    );
    await expect(page.getByTestId('observability-verdict')).toBeVisible();
    await expect(page.getByText('Latency', { exact: true })).toBeVisible();
    await expect(page.getByText('Traffic', { exact: true })).toBeVisible();
    await page.screenshot({
      path: `${screenshots}/checkout-tab-${theme}.png`,
      fullPage: true,
    });

    const latency = await tableNumbers(page, 'Latency');
    expect(latency.length).toBeGreaterThan(0);
    expect(Math.max(...latency)).toBeGreaterThan(0);
    const traffic = await tableNumbers(page, 'Traffic');
    expect(traffic.length).toBeGreaterThan(0);
    expect(Math.max(...traffic)).toBeGreaterThan(0);
  });
}

test('switching the range updates the URL and asks for that range', async ({
  page,
}) => {
  await openAsGuest(
    page,
    '/catalog/default/component/checkout/observability?range=15m',
  );
  await expect(page.getByTestId('observability-verdict')).toBeVisible();

  const request = page.waitForRequest(r => r.url().includes('/signals?'));
  await page.getByRole('button', { name: /^Time range/ }).click();
  await page.getByRole('option', { name: 'Last hour' }).click();
  const url = new URL((await request).url());
  expect(
    Number(url.searchParams.get('to')) - Number(url.searchParams.get('from')),
  ).toBe(3600);
  await expect(page).toHaveURL(/[?&]range=1h/);

  // A copied link opens the same view.
  await page.reload();
  await expect(page.getByRole('button', { name: /^Time range/ })).toHaveText(
    'Last hour',
  );
});

test('broken-annotation explains what is wrong with its annotation', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/broken-annotation');
  await entityTab(page, 'Observability').click();
  const error = page.getByTestId('observability-annotation-error');
  await expect(error).toContainText('observability/prometheus-selector');
  await expect(error).toContainText('malformed');
  await page.screenshot({
    path: `${screenshots}/broken-annotation.png`,
    fullPage: true,
  });
});

for (const theme of themes) {
  test(`the overview page lists the demo services with a verdict (${theme})`, async ({
    page,
  }) => {
    await useTheme(page, theme);
    await openAsGuest(page, '/observability');
    for (const name of ['Checkout', 'Payments', 'Inventory']) {
      const row = page
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name, exact: true }) });
      await expect(row).toBeVisible();
      await expect(row).toContainText(/Healthy|Degraded|Critical|Unknown/);
    }
    // The worst SLO's budget left, for the two services that declare SLOs.
    for (const name of ['checkout', 'payments']) {
      await expect(
        page.getByTestId(`budget-component:default/${name}`),
      ).toHaveText(/^(-?\d+%|no data) (availability|latency)$/);
    }
    await page.screenshot({
      path: `${screenshots}/overview-${theme}.png`,
      fullPage: true,
    });
  });
}

test("checkout's tab shows its two SLOs with budget, burn rates and a burn-down", async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/checkout/observability');
  const cards = {
    availability: page.getByTestId('slo-availability'),
    latency: page.getByTestId('slo-latency'),
  };
  await expect(cards.availability).toContainText(
    'availability: 99.9% over 30 days',
  );
  await expect(cards.latency).toContainText('latency: 99% over 30 days');
  await expect(cards.latency).toContainText('Requests faster than 300 ms');
  for (const card of Object.values(cards)) {
    // Budget in words with a real number, e.g. "62% left, about 11 days at the current burn".
    await expect(card.getByTestId('slo-budget-words')).toHaveText(
      /^(-?\d+% left|Budget spent \(-?\d+% left)/,
    );
    await expect(card).toContainText(/SLI over 30d: \d+\.\d{3}%/);
    // The burn rate at the short windows, measured from the services' own traffic.
    const table = card.getByRole('table', { name: /^Burn rates of/ });
    await expect(table.getByRole('row').nth(1)).toContainText(
      /5m \d+(\.\d+)?×/,
    );
    await expect(
      card.locator('.MuiCardHeader-title', { hasText: /^Budget remaining/ }),
    ).toBeVisible();
  }
  await cards.latency.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: `${screenshots}/checkout-slos.png`,
    fullPage: true,
  });
});

test('an entity without SLOs gets a copyable annotation snippet', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/inventory/observability');
  await expect(page.getByText(/This entity declares no SLO/)).toBeVisible();
  await expect(page.getByText(/observability\/slos: \|/)).toBeVisible();
});
