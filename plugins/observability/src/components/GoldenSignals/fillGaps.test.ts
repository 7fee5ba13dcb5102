import { fillGaps } from './fillGaps';

describe('fillGaps', () => {
  it('puts nulls where Prometheus left steps out, so charts show the gap', () => {
    expect(
      fillGaps(
        [
          [0, 1],
          [60, 2],
          [240, 5],
        ],
        { from: 0, to: 300, step: 60 },
      ),
    ).toEqual([
      [0, 1],
      [60, 2],
      [120, null],
      [180, null],
      [240, 5],
      [300, null],
    ]);
  });

  it('keeps a complete series as it is', () => {
    const points: Array<[number, number]> = [
      [0, 1],
      [15, 2],
      [30, 3],
    ];
    expect(fillGaps(points, { from: 0, to: 30, step: 15 })).toEqual(points);
  });
});
