import { criticalPath } from './criticalPath';
import { buildSpanTree, visibleRows } from './spanTree';
import { id, span } from './testSpans';
import { timeTicks } from './waterfallScale';

describe('buildSpanTree', () => {
  it('orders spans depth first, children by start, with depths and subtree sizes', () => {
    const tree = buildSpanTree([
      span('c', 'a', 50, 10),
      span('b', 'a', 10, 30),
      span('d', 'b', 12, 5),
      span('a', undefined, 0, 100),
    ]);
    expect(tree.rows.map(r => [r.span.spanId, r.depth, r.descendants])).toEqual(
      [
        [id('a'), 0, 3],
        [id('b'), 1, 1],
        [id('d'), 2, 0],
        [id('c'), 1, 0],
      ],
    );
    expect(tree.endUs - tree.startUs).toBe(100_000);
    expect(tree.orphans).toBe(0);
  });

  it('shows spans whose parent is missing as roots, counted as orphans', () => {
    const tree = buildSpanTree([
      span('a', undefined, 0, 10),
      span('x', 'gone', 5, 1),
    ]);
    expect(tree.rows.map(r => [r.span.spanId, r.depth, r.orphan])).toEqual([
      [id('a'), 0, false],
      [id('x'), 0, true],
    ]);
    expect(tree.orphans).toBe(1);
  });

  it('survives repeated ids, self-parents and cycles, placing each span once', () => {
    const tree = buildSpanTree([
      span('a', undefined, 0, 10),
      span('a', undefined, 1, 1, { name: 'duplicate' }),
      span('s', 's', 2, 1),
      span('p', 'q', 3, 1),
      span('q', 'p', 4, 1),
    ]);
    expect(tree.rows.map(r => r.span.spanId).sort()).toEqual(
      [id('a'), id('p'), id('q'), id('s')].sort(),
    );
    expect(tree.rows.find(r => r.span.spanId === id('a'))!.span.name).toBe(
      'op-a',
    );
  });

  it('builds a 10,000-deep chain without overflowing the stack', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      span(String(i + 1), i ? String(i) : undefined, i, 10_000 - i),
    );
    const tree = buildSpanTree(chain);
    expect(tree.rows[9_999].depth).toBe(9_999);
    expect(tree.rows[0].descendants).toBe(9_999);
  });
});

describe('visibleRows', () => {
  it('hides the subtree of a collapsed span and keeps its siblings', () => {
    const { rows } = buildSpanTree([
      span('a', undefined, 0, 100),
      span('b', 'a', 10, 30),
      span('d', 'b', 12, 5),
      span('c', 'a', 50, 10),
    ]);
    expect(
      visibleRows(rows, new Set([id('b')])).map(r => r.span.spanId),
    ).toEqual([id('a'), id('b'), id('c')]);
    expect(visibleRows(rows, new Set([id('a')]))).toHaveLength(1);
  });
});

describe('criticalPath', () => {
  it('follows the last-ending child back through sequential calls', () => {
    // a waits for b (10–40) then c (50–90); c waits for d (52–62) then e (65–85); f runs
    // inside e's time (66–70), so c never waited for it.
    const path = criticalPath([
      span('a', undefined, 0, 100),
      span('b', 'a', 10, 30),
      span('c', 'a', 50, 40),
      span('d', 'c', 52, 10),
      span('e', 'c', 65, 20),
      span('f', 'c', 66, 4),
    ]);
    expect([...path].sort()).toEqual(
      [id('a'), id('b'), id('c'), id('d'), id('e')].sort(),
    );
  });

  it('takes only the longer of two parallel children', () => {
    const path = criticalPath([
      span('a', undefined, 0, 100),
      span('fast', 'a', 10, 20),
      span('slow', 'a', 10, 80),
    ]);
    expect(path.has(id('slow'))).toBe(true);
    expect(path.has(id('fast'))).toBe(false);
  });

  it('clips a child that ends after its parent, and skips children after the cursor', () => {
    // `late` outlives a (async work); `early` ends before `late` starts, so a waited for both.
    const path = criticalPath([
      span('a', undefined, 0, 100),
      span('early', 'a', 5, 20),
      span('late', 'a', 30, 200),
    ]);
    expect([...path].sort()).toEqual([id('a'), id('early'), id('late')].sort());
  });

  it('is the root alone when it has no children, and empty for no spans', () => {
    expect([...criticalPath([span('a', undefined, 0, 10)])]).toEqual([id('a')]);
    expect(criticalPath([]).size).toBe(0);
  });
});

describe('timeTicks', () => {
  it('puts round ticks over the window', () => {
    expect(timeTicks(0, 1_000_000)).toEqual([
      0, 200_000, 400_000, 600_000, 800_000, 1_000_000,
    ]);
    expect(timeTicks(150, 1000)).toEqual([200, 400, 600, 800, 1000]);
  });
});
