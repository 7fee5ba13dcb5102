/*
 * Runs against a Backstage app that `run.sh` created with the current @backstage/create-app and
 * into which it installed the packed plugins by following the README. FRESH_PORTAL_SYSTEM says
 * which frontend system the app uses ("new" or "legacy"); the backend is the same for both.
 */
import { expect, test } from '@playwright/test';
import { openAsGuest, tableNumbers } from '../e2e/portalPage';

const system = process.env.FRESH_PORTAL_SYSTEM ?? 'new';
const backendUrl = process.env.FRESH_PORTAL_BACKEND_URL!;
const screenshots = `${__dirname}/../../test-results/screenshots`;

test(`the backend's /health reports the Prometheus instance up (${system})`, async ({
  request,
}) => {
  const response = await request.get(`${backendUrl}/api/observability/health`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.instances).toEqual([
    expect.objectContaining({ name: 'main', status: 'up' }),
  ]);
  expect(body.database).toEqual({ status: 'up' });
});

test(`the annotated entity has the Observability tab with data (${system})`, async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/checkout/observability');
  await expect(page.getByTestId('observability-verdict')).toBeVisible();
  const traffic = await tableNumbers(page, 'Traffic');
  expect(traffic.length).toBeGreaterThan(0);
  expect(Math.max(...traffic)).toBeGreaterThan(0);
  await page.screenshot({
    path: `${screenshots}/fresh-portal-${system}-tab.png`,
    fullPage: true,
  });
});

test(`the overview page lists the entity, reached from the sidebar (${system})`, async ({
  page,
}) => {
  await openAsGuest(page, '/catalog');
  await page
    .getByRole('navigation')
    .getByRole('link', { name: 'Observability' })
    .first()
    .click();
  await expect(page).toHaveURL(/\/observability$/);
  await expect(page.getByRole('link', { name: 'checkout' })).toBeVisible();
  await page.screenshot({
    path: `${screenshots}/fresh-portal-${system}-overview.png`,
    fullPage: true,
  });
});

test(`the entity's Overview tab has the health card (${system})`, async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/checkout');
  await expect(page.getByText('Service health')).toBeVisible();
});
