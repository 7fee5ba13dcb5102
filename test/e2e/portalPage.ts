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
