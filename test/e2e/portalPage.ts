import { expect, Locator, Page } from '@playwright/test';

/** Opens `path` and signs in as guest; the app stays on that page after sign-in. */
export async function openAsGuest(page: Page, path: string): Promise<void> {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(enter).toBeHidden();
}

/**
 * Opens `path` and signs in as one of the demo people (`auth.providers.demo.people` in
 * app-config.yaml) from the demo sign-in page; the app stays on that page after sign-in.
 */
export async function openAs(
  page: Page,
  user: string,
  path: string,
): Promise<void> {
  await page.goto(path);
  const signIn = page.getByRole('button', { name: `Sign in as ${user}` });
  await expect(signIn).toBeVisible();
  await signIn.click();
  await expect(signIn).toBeHidden();
}

/** An entity page tab; Backstage 1.55 renders them as links in the content navigation. */
export function entityTab(page: Page, name: string): Locator {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });
}

/**
 * The numbers in a chart's table view (the data Prometheus returned), read the way a
 * screen-reader user would. The chart is the nearest box around its title that holds a table
 * toggle: no MUI class names, which the new and the legacy app templates generate differently.
 */
export async function tableNumbers(
  page: Page,
  title: string,
): Promise<number[]> {
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
