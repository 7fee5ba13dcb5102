/*
 * Runs against a Backstage app that `run.sh` created with the current @backstage/create-app and
 * into which it installed the packed plugins by following the README. FRESH_PORTAL_SYSTEM says
 * which frontend system the app uses ("new" or "legacy"); the backend is the same for both.
 */
import { expect, Page, test } from '@playwright/test';

const system = process.env.FRESH_PORTAL_SYSTEM ?? 'new';
const backendUrl = process.env.FRESH_PORTAL_BACKEND_URL!;
const screenshots = `${__dirname}/../../test-results/screenshots`;

async function openAsGuest(page: Page, path: string) {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(enter).toBeHidden();
}

/** The numbers in a chart's table view: data Prometheus returned for the entity. */
async function tableNumbers(page: Page, title: string): Promise<number[]> {
  // The nearest box around the title that holds a table toggle: no MUI class names, which the
  // two app templates generate differently.
  const chart = page
    .getByText(title, { exact: true })
    .first()
    .locator('xpath=ancestor::*[.//button[contains(., "table")]][1]');
  await chart.getByRole('button', { name: /show table/i }).click();
  const table = page.getByRole('table', { name: `${title} data table` });
  await expect(table).toBeVisible();
  const cells = await table
    .locator('tbody td:not(:first-child)')
    .allInnerTexts();
  return cells
    .map(c => parseFloat(c.replace(/[^0-9.eE+-]/g, '')))
    .filter(n => Number.isFinite(n));
}

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
