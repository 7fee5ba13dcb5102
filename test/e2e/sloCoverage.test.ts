import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openAsGuest } from './portalPage';

const screenshots = join(__dirname, '..', '..', '.run', 'screenshots');

test("checkout's SLO cards say how much of the 30-day window their budget is based on", async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/checkout/observability');
  const latency = page.getByTestId('slo-latency');
  await expect(latency).toBeVisible();
  const coverage = latency.getByTestId('slo-coverage');
  // The demo stack has run for minutes or hours, never the whole window.
  await expect(coverage).toHaveText(
    /^based on (less than a minute|\d+ (minute|hour|day)s?) of the 30-day window$/,
  );
  const text = (await coverage.textContent()) ?? '';
  // A budget from minutes or hours of a 30-day window is marked as nearly meaningless.
  if (/minute|hour/.test(text)) {
    await expect(coverage).toHaveAttribute('data-short', 'true');
  }
  await expect(
    page.getByTestId('slo-availability').getByTestId('slo-coverage'),
  ).toHaveText(/^based on .+ of the 30-day window$/);

  mkdirSync(screenshots, { recursive: true });
  await latency.scrollIntoViewIfNeeded();
  await latency.screenshot({ path: join(screenshots, 'slo-coverage.png') });
});

test("the overview's budget tooltip says what checkout's budget is based on", async ({
  page,
}) => {
  await openAsGuest(page, '/observability');
  const budget = page.getByTestId('budget-component:default/checkout');
  await expect(budget).toBeVisible();
  await budget.hover();
  await expect(page.getByRole('tooltip')).toHaveText(
    /latency \(99% \/ 30d\): -?\d+% left.*, based on .+ of the 30-day window/,
  );
});
