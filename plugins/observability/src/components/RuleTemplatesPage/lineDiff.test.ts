import { foldUnchanged, lineDiff } from './lineDiff';

describe('lineDiff', () => {
  it('keeps common lines and marks what was removed and added', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });

  it('shows equal texts as unchanged', () => {
    expect(lineDiff('a\nb', 'a\nb').every(l => l.kind === 'same')).toBe(true);
  });

  it('handles an empty side', () => {
    expect(lineDiff('', 'a')).toEqual([
      { kind: 'removed', text: '' },
      { kind: 'added', text: 'a' },
    ]);
  });
});

describe('foldUnchanged', () => {
  it('keeps context around changes and folds the rest to a count', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'X'].join('\n');
    expect(foldUnchanged(lineDiff(before, after), 2)).toEqual([
      { kind: 'folded', count: 5 },
      { kind: 'same', text: 'f' },
      { kind: 'same', text: 'g' },
      { kind: 'removed', text: 'h' },
      { kind: 'added', text: 'X' },
    ]);
  });

  it('folds everything when nothing changed', () => {
    expect(foldUnchanged(lineDiff('a\nb', 'a\nb'))).toEqual([
      { kind: 'folded', count: 2 },
    ]);
  });
});
