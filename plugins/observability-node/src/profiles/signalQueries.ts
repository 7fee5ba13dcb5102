import type {
  SignalName,
  SignalUnit,
} from '@stagewatch/backstage-plugin-observability-common';
import { errorRatioQuery, latencyQuantileQuery, Profile } from './Profile';

/** @public */
export interface SignalQuery {
  name: SignalName;
  title: string;
  unit: SignalUnit;
  /** PromQL without the entity's selector and with interval variables unresolved. */
  template: string;
}

/**
 * Every golden signal of a profile, in the order the UI shows them.
 *
 * @public
 */
export function signalQueries(profile: Profile): SignalQuery[] {
  return [
    {
      name: 'requestRate',
      title: 'Traffic',
      unit: 'reqps',
      template: profile.requestRate,
    },
    {
      name: 'errorRatio',
      title: 'Errors',
      unit: 'ratio',
      template: errorRatioQuery(profile),
    },
    {
      name: 'latencyP50',
      title: 'Latency p50',
      unit: 'seconds',
      template: latencyQuantileQuery(profile, 0.5),
    },
    {
      name: 'latencyP95',
      title: 'Latency p95',
      unit: 'seconds',
      template: latencyQuantileQuery(profile, 0.95),
    },
    {
      name: 'latencyP99',
      title: 'Latency p99',
      unit: 'seconds',
      template: latencyQuantileQuery(profile, 0.99),
    },
    {
      name: 'saturation',
      title: profile.saturation.title,
      unit: profile.saturation.unit,
      template: profile.saturation.query,
    },
    {
      name: 'liveness',
      title: 'Targets up',
      unit: 'ratio',
      template: profile.liveness,
    },
  ];
}

/**
 * The signals the summary needs (one value each).
 *
 * @public
 */
export const summarySignals: SignalName[] = [
  'requestRate',
  'errorRatio',
  'latencyP99',
  'saturation',
  'liveness',
];
