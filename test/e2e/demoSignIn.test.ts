import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { openAs, openAsGuest } from './portalPage';

const screenshots = 'test-results/screenshots';
const alertmanager = 'http://localhost:9093';

// The demo's people sign in through the demo-only proxy provider (packages/backend/src/demoSignIn)
// and act with their catalog ownership under the demo's owners-only permission policy:
// alice is in team-checkout, which owns checkout and not payments (examples/org.yaml,
// examples/entities.yaml).

/** Fires an alert for `job` through the demo Alertmanager, which delivers it to the portal. */
async function fire(
  request: APIRequestContext,
  alertname: string,
  job: string,
): Promise<void> {
  const sent = await request.post(`${alertmanager}/api/v2/alerts`, {
    data: [
      {
        labels: { alertname, job, namespace: 'shop', severity: 'warning' },
        annotations: { summary: `Demo sign-in probe for ${job}` },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      },
    ],
  });
  expect(sent.status()).toBe(200);
}

/** Reloads until the firing list shows `alertname` (Alertmanager waits group_wait, 10 s). */
async function waitForFiring(page: Page, alertname: string) {
  const firing = page.getByRole('list', { name: 'Firing alerts' });
  await expect(async () => {
    await page.reload();
    await expect(firing).toContainText(alertname, { timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  return firing;
}

test('the sign-in page offers the demo people with what they own, and guest', async ({
  page,
}) => {
  await page.goto('/');
  for (const [user, owns] of [
    ['alice', 'owns checkout'],
    ['bob', 'owns payments'],
    ['carol', 'owns inventory'],
  ]) {
    await expect(
      page.getByRole('button', { name: `Sign in as ${user}` }),
    ).toBeVisible();
    await expect(page.getByText(owns, { exact: false }).first()).toBeVisible();
  }
  await expect(page.getByText('Read-only: owns nothing')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible();
  await page.screenshot({ path: `${screenshots}/sign-in.png` });
});

test('a demo person who owns checkout acknowledges and silences its alert, attributed to them', async ({
  page,
  request,
}) => {
  const alertname = `E2eDemoOwner${Date.now()}`;
  await fire(request, alertname, 'checkout');
  await openAs(
    page,
    'alice',
    '/catalog/default/component/checkout/observability',
  );
  const firing = await waitForFiring(page, alertname);

  // Acknowledge, with a note.
  await firing
    .getByRole('button', { name: `Acknowledge ${alertname}` })
    .click();
  const ackDialog = page.getByRole('dialog', {
    name: `Acknowledge ${alertname}`,
  });
  await ackDialog.getByLabel('Note (optional)').fill('alice is on it');
  await ackDialog.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(ackDialog).toBeHidden();
  const item = firing.getByRole('listitem').filter({ hasText: alertname });
  await expect(item.getByTestId('alert-acknowledged')).toContainText(
    'Acknowledged by alice',
  );

  // Silence for 30 minutes.
  await item.getByRole('button', { name: `Silence ${alertname}` }).click();
  const silenceDialog = page.getByRole('dialog', {
    name: `Silence ${alertname}`,
  });
  await silenceDialog.getByLabel('30 minutes').check();
  await silenceDialog.getByLabel('Note (optional)').fill('deploying a fix');
  const silenced = Date.now();
  await silenceDialog.getByRole('button', { name: 'Silence' }).click();
  await expect(silenceDialog).toBeHidden();
  await expect(item.getByTestId('alert-silenced')).toContainText(
    'Silenced by alice',
  );

  // Both in the timeline, with her name and notes.
  const events = page.getByRole('list', { name: `Events of ${alertname}` });
  await expect(events.locator('[data-event="acknowledged"]')).toContainText(
    'by alice: “alice is on it”',
  );
  await expect(events.locator('[data-event="silenced"]')).toContainText(
    'by alice: “deploying a fix”',
  );
  await page.screenshot({
    path: `${screenshots}/demo-owner-silenced.png`,
    fullPage: true,
  });

  // Alertmanager's own API holds the silence, created by her, for 30 minutes.
  const list = await request.get(`${alertmanager}/api/v2/silences`);
  expect(list.status()).toBe(200);
  const silence = (await list.json()).find(
    (s: { matchers: { name: string; value: string }[] }) =>
      s.matchers.some(m => m.name === 'alertname' && m.value === alertname),
  );
  expect(silence).toBeTruthy();
  expect(silence.createdBy).toBe('user:default/alice');
  expect(silence.status.state).toBe('active');
  const minutes = (Date.parse(silence.endsAt) - silenced) / 60_000;
  expect(minutes).toBeGreaterThan(29);
  expect(minutes).toBeLessThan(31);

  // Expire it from the portal.
  await item
    .getByRole('button', { name: `Expire silence of ${alertname}` })
    .click();
  const expireDialog = page.getByRole('dialog', {
    name: `Expire silence of ${alertname}`,
  });
  await expireDialog.getByRole('button', { name: 'Expire silence' }).click();
  await expect(expireDialog).toBeHidden();
  await expect(item.getByTestId('alert-silenced')).toBeHidden();
  const after = await request.get(
    `${alertmanager}/api/v2/silence/${silence.id}`,
  );
  expect((await after.json()).status.state).toBe('expired');
});

test("on a service someone else owns, the demo person's actions are disabled with the reason", async ({
  page,
  request,
}) => {
  const alertname = `E2eDemoNotOwner${Date.now()}`;
  await fire(request, alertname, 'payments');
  await openAs(
    page,
    'alice',
    '/catalog/default/component/payments/observability',
  );
  const firing = await waitForFiring(page, alertname);
  const acknowledge = firing.getByRole('button', {
    name: `Acknowledge ${alertname}`,
  });
  await expect(acknowledge).toBeDisabled();
  await expect(
    firing.getByRole('button', { name: `Silence ${alertname}` }),
  ).toBeDisabled();
  await acknowledge.locator('xpath=..').hover();
  await expect(page.getByRole('tooltip')).toContainText(
    'does not let you acknowledge alerts of component:default/payments',
  );
});

test('the guest, still offered, signs in read-only', async ({ page }) => {
  await openAsGuest(page, '/catalog/default/component/checkout/observability');
  await expect(
    page.getByRole('heading', { name: 'Service level objectives' }),
  ).toBeVisible();
});

test('the Create page offers no template that publishes to GitHub', async ({
  page,
}) => {
  const templates = page.waitForResponse(
    res =>
      res.url().includes('/api/catalog/entities') &&
      res.url().includes('template') &&
      res.status() === 200,
  );
  await openAsGuest(page, '/create');
  // The page has asked the catalog for its templates before the list is checked.
  const listed = JSON.stringify(await (await templates).json());
  expect(listed).not.toContain('example-nodejs-template');
  await expect(
    page.getByRole('searchbox').or(page.getByPlaceholder('Search')),
  ).toBeVisible();
  await expect(page.getByText('Example Node.js Template')).toHaveCount(0);
});
