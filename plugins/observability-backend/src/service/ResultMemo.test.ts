import { ResultMemo } from './ResultMemo';

describe('ResultMemo', () => {
  it('reuses a body while its results are the same objects and its key the same', () => {
    const memo = new ResultMemo();
    const r1 = { data: 1 };
    const r2 = { data: 2 };
    let builds = 0;
    const build = () => ({ n: ++builds });
    const first = memo.get([r1, r2], 'k', build);
    expect(memo.get([r1, r2], 'k', build)).toBe(first);
    expect(builds).toBe(1);
    // Another key (another range, another entity) or any other result object: built again.
    expect(memo.get([r1, r2], 'other', build)).not.toBe(first);
    expect(memo.get([r1, { data: 2 }], 'k', build)).not.toBe(first);
    expect(memo.get([{ data: 1 }, r2], 'k', build)).not.toBe(first);
    expect(builds).toBe(4);
  });
});
