import type {
  Series,
  SeriesPoint,
} from '@stagewatch/backstage-plugin-observability-common';
import { PromResult } from './PrometheusClient';

/** Prometheus sends values as strings and NaN/±Inf literally; the API sends numbers or null. */
export function toNumber(value: string): number | null {
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function toSeries(data: PromResult): Series[] {
  switch (data.resultType) {
    case 'matrix':
      return data.result.map(r => ({
        labels: r.metric,
        points: r.values.map(([t, v]): SeriesPoint => [t, toNumber(v)]),
      }));
    case 'vector':
      return data.result.map(r => ({
        labels: r.metric,
        points: [[r.value[0], toNumber(r.value[1])]],
      }));
    case 'scalar':
      return [
        { labels: {}, points: [[data.result[0], toNumber(data.result[1])]] },
      ];
    default:
      return [];
  }
}

/** The single value of an instant query whose result is one sample (or nothing). */
export function singleValue(data: PromResult): number | null {
  if (data.resultType === 'vector') {
    return data.result.length === 1 ? toNumber(data.result[0].value[1]) : null;
  }
  if (data.resultType === 'scalar') {
    return toNumber(data.result[1]);
  }
  return null;
}
