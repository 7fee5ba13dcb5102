import { expect, test } from '@playwright/test';
import { openAsGuest, entityTab } from './portalPage';

const screenshots = 'test-results/screenshots';

test('the backend plugin reports the demo Prometheus and its database as up', async ({
  request,
}) => {
  const res = await request.get(
    'http://localhost:7007/api/observability/health',
  );
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe('ok');
  expect(body.instances).toEqual([
    { name: 'demo', status: 'up', version: expect.stringMatching(/^2\./) },
  ]);
  expect(body.database).toEqual({ status: 'up' });
});

test('a guest opens checkout and sees its Observability tab', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/checkout');

  await expect(
    page.getByRole('heading', { name: 'Checkout', exact: true }),
  ).toBeVisible();
  const tab = entityTab(page, 'Observability');
  await expect(tab).toBeVisible();
  await expect(page.getByRole('heading', { name: 'About' })).toBeVisible();
  // The health card sits on the Overview tab with a verdict.
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Service health' });
  await expect(card).toContainText(/Healthy|Degraded|Critical|Unknown/);
  await page.screenshot({
    path: `${screenshots}/checkout-overview.png`,
    fullPage: true,
  });

  await tab.click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/checkout\/observability$/,
  );
  await expect(page.getByTestId('observability-verdict')).toBeVisible();
  await expect(
    page.getByText('Scope {job="checkout", namespace="shop"}'),
  ).toBeVisible();
  await page.screenshot({
    path: `${screenshots}/checkout-observability.png`,
    fullPage: true,
  });
});

test('an entity without the annotation has no Observability tab', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/legacy-billing');

  await expect(
    page.getByRole('heading', { name: 'Legacy billing', exact: true }),
  ).toBeVisible();
  // The Overview tab proves the tab bar rendered before we assert on the missing one.
  await expect(entityTab(page, 'Overview')).toBeVisible();
  await expect(entityTab(page, 'Observability')).toHaveCount(0);
  await page.screenshot({
    path: `${screenshots}/legacy-billing.png`,
    fullPage: true,
  });
});
