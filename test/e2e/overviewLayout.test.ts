import { expect, Page, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openAsGuest } from './portalPage';

const screenshots = join(__dirname, '..', '..', '.run', 'screenshots');

async function openOverview(page: Page, width: number) {
  await page.setViewportSize({ width, height: 1000 });
  await openAsGuest(page, '/observability');
  const table = page.getByRole('table').filter({ hasText: 'Budget left' });
  await expect(table.locator('tbody tr').first()).toBeVisible();
  // Rows come from one request; wait until a number is rendered, not just the skeleton.
  await expect(table.getByText(/req\/s/).first()).toBeVisible();
  return table;
}

/**
 * The words of the table's cells that the browser laid out on more than one line: a Range over
 * one word yields a client rect per line box it is on, so a word split inside has rects on two
 * or more lines. Rects are counted by distinct line (their top), because Chromium reports a
 * truncated (`text-overflow: ellipsis`) line twice, once for the text and once for its cut copy.
 */
async function wordsBrokenInside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const table = [...document.querySelectorAll('table')].find(t =>
      t.textContent?.includes('Budget left'),
    );
    for (const cell of table?.querySelectorAll('th, td') ?? []) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index!);
          range.setEnd(node, match.index! + match[0].length);
          const lines = new Set(
            [...range.getClientRects()]
              .filter(rect => rect.width > 0)
              .map(rect => Math.round(rect.top)),
          );
          if (lines.size > 1) {
            broken.push(
              `"${match[0]}" in cell "${(cell.textContent ?? '').trim()}"`,
            );
          }
        }
      }
    }
    return broken;
  });
}

for (const width of [1280, 1920]) {
  test(`the overview breaks no word and fits at ${width} px`, async ({
    page,
  }) => {
    const table = await openOverview(page, width);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({
      path: join(screenshots, `overview-${width}.png`),
      fullPage: true,
    });

    expect(await wordsBrokenInside(page), 'words broken inside').toEqual([]);
    // Every column is visible: the table is not wider than the card that holds it.
    const overflow = await table.evaluate(t => {
      const box = t.parentElement!.getBoundingClientRect();
      return Math.round(t.getBoundingClientRect().right - box.right);
    });
    expect(
      overflow,
      'pixels the table sticks out on the right',
    ).toBeLessThanOrEqual(0);
  });
}

test('a reason too long for the Health column ends in an ellipsis and shows in full on hover', async ({
  page,
}) => {
  await openOverview(page, 1280);
  const reasons = page.locator('[data-testid^="reason-"]');
  await expect(reasons.first()).toBeVisible();
  // The demo's broken annotation explains the parse error at length; find every cut reason.
  const cut = await reasons.evaluateAll(els =>
    els
      .map((el, index) => ({
        index,
        cut: el.scrollWidth > el.clientWidth,
        ellipsis: getComputedStyle(el).textOverflow,
        text: el.textContent ?? '',
      }))
      .filter(r => r.cut),
  );
  expect(cut.length, 'reasons cut at 1280 px').toBeGreaterThan(0);
  expect(cut[0].ellipsis).toBe('ellipsis');

  const reason = reasons.nth(cut[0].index);
  await reason.hover();
  const tooltip = page.getByRole('tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toHaveText(cut[0].text);
  await expect(reason).toHaveAttribute('aria-describedby', /.+/);
});
