import { expect, test } from '@playwright/test';
import { openAsGuest } from './portalPage';

const screenshots = 'test-results/screenshots';
const group = 'backstage:component:default/checkout';

// The portal renders checkout's rules from the built-in templates (tuned by its
// observability/alert-rules annotation), delivers them into the demo Prometheus' rule directory
// and reads /api/v1/rules back; the tab shows what Prometheus itself reports.
test("checkout's tab lists its alert rules with Prometheus' live state", async ({
  page,
  request,
}) => {
  // Up to two delivery runs (a minute apart) before the portal has read an evaluated rule back.
  test.setTimeout(330_000);
  // Prometheus' own word first: the delivery task (every minute in the demo) has loaded the
  // group and evaluated it.
  let latency: { health: string; query: string } | undefined;
  await expect(async () => {
    const res = await request.get('http://localhost:9090/api/v1/rules');
    const body = await res.json();
    const checkout = body.data.groups.find(
      (g: { name: string }) => g.name === group,
    );
    expect(checkout).toBeTruthy();
    latency = checkout.rules.find(
      (r: { name: string }) => r.name === 'HighLatency',
    );
    expect(latency?.health).toBe('ok');
  }).toPass({ timeout: 150_000 });
  // The annotation's 300ms threshold, scoped to checkout.
  expect(latency!.query).toContain('job="checkout"');
  expect(latency!.query).toMatch(/> 0\.3$/);

  await openAsGuest(page, '/catalog/default/component/checkout/observability');
  const rule = page.getByTestId('alert-rule-HighLatency');
  // The portal reads the state back after each delivery run (every minute in the demo): right
  // after the first reload Prometheus has not evaluated the rule yet (health unknown), so wait
  // for the run that sees it evaluated.
  await expect(async () => {
    await page.reload();
    await expect(rule.getByTestId('rule-loaded')).toHaveText('loaded', {
      timeout: 10_000,
    });
    await expect(rule.getByTestId('rule-health')).toHaveText('health ok', {
      timeout: 1_000,
    });
  }).toPass({ timeout: 150_000 });
  await expect(rule.getByTestId('rule-state')).toHaveText(
    /inactive|pending|firing/,
  );
  await expect(rule.getByTestId('rule-expr')).toContainText('job="checkout"');
  await expect(page.getByTestId('alert-rules-section')).toContainText(
    'delivered',
  );
  await page.getByTestId('alert-rules-section').scrollIntoViewIfNeeded();
  await page.screenshot({
    path: `${screenshots}/checkout-alert-rules.png`,
    fullPage: true,
  });
});

test('the templates page previews a rendering for a chosen entity', async ({
  page,
}) => {
  await openAsGuest(page, '/observability/rule-templates/latency');
  await page.getByLabel('Preview for entity').click();
  await page
    .getByRole('option', { name: /checkout/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const result = page.getByTestId('template-preview-result');
  await expect(result).toContainText('Rendered for component:default/checkout');
  await expect(result).toContainText('histogram_quantile');
  await expect(result).toContainText('job="checkout"');
  await page.screenshot({
    path: `${screenshots}/rule-template-preview.png`,
    fullPage: true,
  });
});
