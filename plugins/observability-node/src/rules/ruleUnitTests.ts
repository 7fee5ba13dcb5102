import type {
  LabelMatcher,
  SloSpec,
} from '@stagewatch/backstage-plugin-observability-common';
import {
  errorBudget,
  parsePromDuration,
} from '@stagewatch/backstage-plugin-observability-common';
import { stringify } from 'yaml';
import { Profile } from '../profiles/Profile';
import { formatBucketBound } from '../slo/sliQueries';
import { RenderedEntityRules } from './renderEntityRules';

/**
 * The request-duration buckets (seconds) of a service instrumented the prom-client-http way, as
 * the scaffolder's skeleton declares them; a latency SLO's threshold is added to them.
 *
 * @public
 */
export const DEFAULT_LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10,
];

/** Every request of the synthetic healthy traffic takes 40 ms (bucket le=0.05). */
const FAST_SECONDS = 0.04;
/** A slow request takes 9 s, above any latency threshold a template or SLO form offers. */
const SLOW_SECONDS = 9;
const REQUESTS_PER_MINUTE = 1000;
/** Half the requests fail in the error incident: above the page burn rate of any SLO ≥ 96.6%. */
const ERROR_SHARE = 0.5;
const PAGE_BURN_FACTOR = 14.4;

interface Series {
  series: string;
  values: string;
}
type Phase = { minutes: number; errorShare: number; latency: number };

/** @public */
export type RuleUnitTests =
  | { file: string; tests: string[] }
  | { skipped: string };

/** promtool's expanding notation for a counter with a per-minute increase in each phase. */
function counter(segments: Array<[perMinute: number, length: number]>) {
  let value = 0;
  return segments
    .map(([perMinute, length], i) => {
      const start = i === 0 ? 0 : value + perMinute;
      const count = i === 0 ? length : length - 1;
      value = start + perMinute * count;
      return `${start}+${perMinute}x${count}`;
    })
    .join(' ');
}

/**
 * A `promtool test rules` file for one entity's rendered rules: synthetic series of its own
 * labels (healthy traffic, a target down, an error incident, a latency incident) and what must
 * fire in each, so a service's repository can prove in its CI that its alerts fire when they
 * should and stay quiet when they should not. Written for the prom-client-http profile's metric
 * names and an entity scoped by equality matchers (what the scaffolder creates); anything else
 * is skipped with the reason, never guessed.
 *
 * @public
 */
export function ruleUnitTests(options: {
  ruleFileName: string;
  rendered: RenderedEntityRules;
  matchers: LabelMatcher[];
  profile: Profile;
  slos: SloSpec[];
}): RuleUnitTests {
  const { rendered, matchers, profile } = options;
  if (profile.name !== 'prom-client-http') {
    return {
      skipped: `rule tests are written for the prom-client-http profile only; this entity uses ${profile.name}`,
    };
  }
  if (matchers.some(m => m.op !== '=')) {
    return {
      skipped:
        'rule tests need a selector of equality matchers only, to write series the selector matches',
    };
  }
  const labels: Record<string, string> = {
    ...Object.fromEntries(matchers.map(m => [m.name, m.value])),
    instance: '127.0.0.1:8080',
  };
  const name = (metric: string, extra: Record<string, string> = {}) =>
    `${metric}{${Object.entries({ ...labels, ...extra })
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ')}}`;
  const bounds = [
    ...new Set([
      ...DEFAULT_LATENCY_BUCKETS,
      ...options.slos.flatMap(s =>
        s.sli.type === 'latency' ? [s.sli.thresholdSeconds] : [],
      ),
    ]),
  ].sort((a, b) => a - b);

  const traffic = (phases: Phase[], up = '1'): Series[] => {
    const per = (f: (p: Phase) => number) =>
      counter(phases.map(p => [f(p), p.minutes]));
    const total = phases.reduce((n, p) => n + p.minutes, 0);
    return [
      { series: name('up'), values: `${up}x${total}` },
      {
        series: name('http_requests_total', { status_code: '200' }),
        values: per(p => REQUESTS_PER_MINUTE * (1 - p.errorShare)),
      },
      {
        series: name('http_requests_total', { status_code: '500' }),
        values: per(p => REQUESTS_PER_MINUTE * p.errorShare),
      },
      ...[...bounds.map(formatBucketBound), '+Inf'].map(le => ({
        series: name(`${profile.latencyHistogram}_bucket`, { le }),
        values: per(p =>
          le === '+Inf' || Number(le) >= p.latency ? REQUESTS_PER_MINUTE : 0,
        ),
      })),
      {
        series: name(`${profile.latencyHistogram}_count`),
        values: per(() => REQUESTS_PER_MINUTE),
      },
      {
        series: name('process_cpu_seconds_total'),
        values: per(() => 6),
      },
    ];
  };

  const rules = rendered.rules;
  const alertNames = [
    ...new Set(rules.flatMap(r => (r.rule.alert ? [r.rule.alert] : []))),
  ];
  const firing = (extra: Record<string, string>) =>
    `count(ALERTS{${Object.entries({ alertstate: 'firing', ...extra })
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ')}}) or vector(0)`;
  const expect = (
    evalTime: string,
    extra: Record<string, string>,
    count: number,
  ) => ({
    expr: firing(extra),
    eval_time: evalTime,
    exp_samples: [{ labels: '{}', value: count }],
  });
  const healthy: Phase = {
    minutes: 0,
    errorShare: 0,
    latency: FAST_SECONDS,
  };
  const tests: Array<{ name: string; body: Record<string, unknown> }> = [];

  tests.push({
    name: 'healthy traffic: no alert fires',
    body: {
      interval: '1m',
      input_series: traffic([{ ...healthy, minutes: 180 }]),
      alert_rule_test: alertNames.flatMap(alertname =>
        ['15m', '90m', '179m'].map(eval_time => ({
          eval_time,
          alertname,
          exp_alerts: [],
        })),
      ),
    },
  });

  const down = rules.find(r => r.template === 'target-down');
  if (down?.rule.alert) {
    const forMinutes = minutes(down.rule.for);
    const annotations = down.rule.annotations ?? {};
    const literal = !Object.values(annotations).some(v => v.includes('{{'));
    tests.push({
      name: `target down: ${down.rule.alert} fires after ${
        down.rule.for ?? '0m'
      }`,
      body: {
        interval: '1m',
        input_series: traffic([{ ...healthy, minutes: 60 }], '0'),
        alert_rule_test: [
          {
            eval_time: `${Math.max(0, forMinutes - 1)}m`,
            alertname: down.rule.alert,
            exp_alerts: [],
          },
          {
            eval_time: `${forMinutes + 1}m`,
            alertname: down.rule.alert,
            exp_alerts: [
              literal
                ? {
                    exp_labels: down.rule.labels ?? {},
                    exp_annotations: annotations,
                  }
                : { exp_labels: down.rule.labels ?? {} },
            ],
          },
        ].filter(check => literal || check.exp_alerts.length === 0),
        ...(literal
          ? {}
          : {
              promql_expr_test: [
                expect(`${forMinutes + 1}m`, { alertname: down.rule.alert }, 1),
              ],
            }),
      },
    });
  }

  const pagesAt = (slo: SloSpec, share: number) =>
    share > PAGE_BURN_FACTOR * errorBudget(slo.objective);
  const sloChecks = (
    type: 'availability' | 'latency',
    at: string,
    share: number,
  ) =>
    options.slos.map(slo =>
      expect(
        at,
        { alertname: 'SloErrorBudgetBurn', severity: 'page', slo: slo.name },
        slo.sli.type === type && pagesAt(slo, share) ? 1 : 0,
      ),
    );
  const hasSloRules = rules.some(r => r.template === 'slo-burn');

  const errorRule = rules.find(r => r.template === 'error-ratio');
  const errorThreshold = Number(errorRule?.params.threshold ?? 1);
  tests.push({
    name: `error incident: ${
      ERROR_SHARE * 100
    }% of requests fail from minute 60`,
    body: {
      interval: '1m',
      input_series: traffic([
        { ...healthy, minutes: 60 },
        { ...healthy, minutes: 60, errorShare: ERROR_SHARE },
      ]),
      promql_expr_test: [
        expect('59m', {}, 0),
        ...(errorRule?.rule.alert && errorThreshold < ERROR_SHARE
          ? [expect('90m', { alertname: errorRule.rule.alert }, 1)]
          : []),
        ...(hasSloRules ? sloChecks('availability', '90m', ERROR_SHARE) : []),
      ],
    },
  });

  const latencyRule = rules.find(r => r.template === 'latency');
  tests.push({
    name: `latency incident: every request takes ${SLOW_SECONDS}s from minute 60`,
    body: {
      interval: '1m',
      input_series: traffic([
        { ...healthy, minutes: 60 },
        { ...healthy, minutes: 60, latency: SLOW_SECONDS },
      ]),
      promql_expr_test: [
        expect('59m', {}, 0),
        ...(latencyRule?.rule.alert
          ? [expect('90m', { alertname: latencyRule.rule.alert }, 1)]
          : []),
        ...(hasSloRules ? sloChecks('latency', '90m', 1) : []),
      ],
    },
  });

  const file = stringify(
    {
      rule_files: [options.ruleFileName],
      evaluation_interval: '1m',
      tests: tests.map(t => t.body),
    },
    { lineWidth: 0 },
  );
  // promtool's file format has no test names: say what each test is in a comment above it.
  const header = [
    `# promtool test rules ${options.ruleFileName.replace(
      /\.yml$/,
      '.test.yml',
    )}`,
    `# Generated with the rules of ${rendered.entityRef}. Tests, in order:`,
    ...tests.map((t, i) => `#   ${i + 1}. ${t.name}`),
    '',
  ].join('\n');
  return { file: `${header}${file}`, tests: tests.map(t => t.name) };
}

function minutes(duration: string | undefined): number {
  if (!duration) return 0;
  return Math.ceil((parsePromDuration(duration) ?? 0) / 60);
}
