import type uPlot from 'uplot';
import { lightTheme, darkTheme } from '@backstage/theme';
import {
  alignSeries,
  buildChartOptions,
  chartColors,
  selectionToRange,
  ThemeLike,
  xRange,
  yRange,
} from './chartOptions';

describe('alignSeries', () => {
  it('keeps shared timestamps as they are and turns null and NaN into gaps', () => {
    const { data, hasData } = alignSeries([
      { name: 'a', points: [[10, 1], [20, null], [30, 3]] },
      { name: 'b', points: [[10, NaN], [20, 2], [30, Infinity]] },
    ]); // prettier-ignore
    expect(hasData).toBe(true);
    expect(data).toEqual([
      [10, 20, 30],
      [1, null, 3],
      [null, 2, null],
    ]);
  });

  it('joins series with different timestamps on a sorted union', () => {
    const { data } = alignSeries([
      { name: 'a', points: [[30, 3], [10, 1]] },
      { name: 'b', points: [[20, 2], [NaN, 9]] },
    ]); // prettier-ignore
    expect(data).toEqual([
      [10, 20, 30],
      [1, undefined, 3],
      [undefined, 2, undefined],
    ]);
  });

  it('reports no data for empty, all-null or odd input without throwing', () => {
    expect(alignSeries([]).hasData).toBe(false);
    expect(alignSeries([{ name: 'a', points: [] }]).hasData).toBe(false);
    expect(
      alignSeries([{ name: 'a', points: [[1, null], [2, NaN]] }]).hasData,
    ).toBe(false); // prettier-ignore
    expect(alignSeries(undefined as never).data).toEqual([[]]);
  });
});

describe('selectionToRange', () => {
  const fake = (left: number, width: number) => ({
    select: { left, width, top: 0, height: 100 },
    // 1 px = 10 s from t = 1000
    posToVal: (pos: number) => 1000 + pos * 10,
  });

  it('converts the pixel selection to whole unix seconds', () => {
    expect(selectionToRange(fake(10.05, 20))).toEqual({ from: 1100, to: 1301 });
  });

  it('ignores an empty selection', () => {
    expect(selectionToRange(fake(10, 0))).toBeUndefined();
  });
});

describe('ranges', () => {
  it('uses the caller range on x when valid, else the data', () => {
    expect(xRange([100, 200], 120, 180)).toEqual([100, 200]);
    expect(xRange([200, 100], 120, 180)).toEqual([120, 180]);
    expect(xRange([NaN, 100], 120, 120)).toEqual([90, 150]);
    expect(xRange(undefined, null, null)).toEqual([0, 1]);
  });

  it('starts y at zero and pads the top', () => {
    expect(yRange(5, 10)).toEqual([0, 10.5]);
    expect(yRange(-10, 10)).toEqual([-10, 11]);
    expect(yRange(0, 0)).toEqual([0, 1.05]);
    expect(yRange(null, null)).toEqual([0, 1]);
  });
});

describe('chartColors', () => {
  it('takes axis and grid colours from the theme and a palette per theme type', () => {
    const light = chartColors(lightTheme as ThemeLike);
    const dark = chartColors(darkTheme as ThemeLike);
    expect(light.axis).toBe(lightTheme.palette.text.secondary);
    expect(light.grid).toBe(lightTheme.palette.divider);
    expect(dark.axis).toBe(darkTheme.palette.text.secondary);
    expect(dark.series).not.toEqual(light.series);
  });
});

describe('buildChartOptions', () => {
  const colors = chartColors(lightTheme as ThemeLike);

  it('formats the y axis and legend in the unit and keeps gaps', () => {
    const opts = buildChartOptions({
      width: 800,
      height: 220,
      unit: 'seconds',
      seriesNames: ['p50', 'p99'],
      colors,
    });
    expect(opts.series.map(s => s.label)).toEqual(['Time', 'p50', 'p99']);
    expect(opts.series.slice(1).every(s => s.spanGaps === false)).toBe(true);
    expect(opts.series[1]?.stroke).not.toBe(opts.series[2]?.stroke);
    const values = opts.axes?.[1]?.values as (
      u: uPlot,
      splits: number[],
    ) => string[];
    expect(values({} as uPlot, [0, 0.005, 0.0123])).toEqual([
      '0 s',
      '5 ms',
      '12.3 ms',
    ]);
    expect(opts.scales?.x?.time).toBe(true);
    expect(opts.cursor?.drag?.x).toBe(false);
  });

  it('reports a drag selection and never lets uPlot zoom itself', () => {
    const onSelectRange = jest.fn();
    const opts = buildChartOptions({
      width: 800,
      height: 220,
      unit: 'count',
      seriesNames: ['a'],
      colors,
      onSelectRange,
    });
    expect(opts.cursor?.drag).toMatchObject({ x: true, setScale: false });
    const setSelect = jest.fn();
    const u = {
      select: { left: 0, width: 50, top: 0, height: 10 },
      posToVal: (pos: number) => 1000 + pos,
      setSelect,
    } as unknown as uPlot;
    opts.hooks?.setSelect?.forEach(hook => hook?.(u));
    expect(onSelectRange).toHaveBeenCalledWith({ from: 1000, to: 1050 });
    expect(setSelect).toHaveBeenCalledWith(
      { left: 0, top: 0, width: 0, height: 0 },
      false,
    );
  });
});
