import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  parseSelector,
  RuleTemplateUse,
} from '@stagewatch/backstage-plugin-observability-common';
import { stringify } from 'yaml';
import { component, selector } from '../__testUtils__/entities';
import { promClientHttpProfile } from '../profiles/builtinProfiles';
import { BUILTIN_TEMPLATE_VERSION, builtinTemplates } from './builtinTemplates';
import { renderEntityRules, ruleFileYaml } from './renderEntityRules';

/*
 * `promtool test rules` for every built-in template, rendered for checkout with the prom-client
 * profile: a synthetic incident makes each alert fire once its `for` has elapsed (and not
 * before), and healthy data — including an incident of another service, which the entity's
 * selector must not see — keeps it quiet. promtool comes with Debian's prometheus package,
 * which `make test` installs. Series are one sample a minute; a counter is written as segments
 * of [increase per minute, minutes].
 */

const run = promisify(execFile);
const entityRef = 'component:default/checkout';
const entity = component('checkout', selector('checkout'), {
  owner: 'team-checkout',
});
const target = {
  entityRef,
  matchers: parseSelector('{job="checkout", namespace="shop"}'),
  profile: promClientHttpProfile,
};
const templates = new Map(builtinTemplates.map(t => [t.id, t]));
const slos = [
  {
    name: 'availability',
    objectivePercent: 99.9,
    objective: 0.999,
    window: '30d' as const,
    sli: { type: 'availability' as const },
  },
];

/** Minutes in a week; traffic-drop's incident begins a week in, `at` counts from there. */
const WEEK = 7 * 24 * 60;
const at = (minutes: number) => `${WEEK + minutes}m`;

/** The labels every alert of `template` must carry. */
const ruleLabels = (template: string, severity: 'page' | 'ticket') => ({
  backstage_entity: entityRef,
  owner: 'group:default/team-checkout',
  severity,
  template,
  template_version: String(BUILTIN_TEMPLATE_VERSION),
});

/** promtool's expanding notation for a counter growing by `perMinute` for `minutes` each. */
function counter(...segments: Array<[perMinute: number, minutes: number]>) {
  let value = 0;
  const parts = segments.map(([perMinute, minutes], i) => {
    const start = i === 0 ? 0 : value + perMinute;
    const count = i === 0 ? minutes : minutes - 1;
    value = start + perMinute * count;
    return `${start}+${perMinute}x${count}`;
  });
  return parts.join(' ');
}

interface Series {
  series: string;
  values: string;
}
const series = (
  name: string,
  labels: Record<string, string>,
  values: string,
  job = 'checkout',
): Series => ({
  series: `${name}{${Object.entries({ job, namespace: 'shop', ...labels })
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`,
  values,
});

/** 2,000 requests a minute; `errorsPerMinute` of them answered with a 500. */
function requests(
  phases: Array<[errorsPerMinute: number, minutes: number]>,
  job = 'checkout',
  totalPerMinute = 2000,
): Series[] {
  return [
    series(
      'http_requests_total',
      { status_code: '200', instance: 'a' },
      counter(
        ...phases.map(([e, m]): [number, number] => [totalPerMinute - e, m]),
      ),
      job,
    ),
    series(
      'http_requests_total',
      { status_code: '500', instance: 'a' },
      counter(...phases),
      job,
    ),
  ];
}

interface AlertCheck {
  eval_time: string;
  alertname: string;
  exp_alerts: Array<{
    exp_labels: Record<string, string>;
    exp_annotations: Record<string, string>;
  }>;
}
interface UnitTest {
  interval: string;
  input_series: Series[];
  alert_rule_test: AlertCheck[];
}
const quiet = (alertname: string, ...times: string[]): AlertCheck[] =>
  times.map(eval_time => ({ eval_time, alertname, exp_alerts: [] }));

interface Case {
  use: RuleTemplateUse;
  alertname: string;
  incidents: UnitTest[];
  healthy: UnitTest;
}

/** The incident begins at minute 60 in every case but traffic-drop, which needs last week. */
const cases: Case[] = [
  {
    // 0.05% errors, then 20%: the 5m ratio passes 5% two minutes in, `for: 5m` later it fires.
    use: { template: 'error-ratio' },
    alertname: 'HighErrorRatio',
    incidents: [
      {
        interval: '1m',
        input_series: requests([
          [1, 60],
          [400, 30],
        ]),
        alert_rule_test: [
          ...quiet('HighErrorRatio', '59m', '64m'),
          {
            eval_time: '69m',
            alertname: 'HighErrorRatio',
            exp_alerts: [
              {
                exp_labels: ruleLabels('error-ratio', 'ticket'),
                exp_annotations: {
                  summary: `${entityRef}: 20% of requests fail`,
                  description:
                    'More than 5% of requests have failed (5xx) over 5m for 5m.',
                },
              },
            ],
          },
        ],
      },
    ],
    healthy: {
      interval: '1m',
      input_series: [...requests([[1, 90]]), ...requests([[1000, 90]], 'cart')],
      alert_rule_test: quiet('HighErrorRatio', '10m', '60m', '89m'),
    },
  },
  {
    // Tuned as checkout's annotation does: p99 above 300ms pages. Requests take under 100ms,
    // then between 500ms and 1s: p99 = 0.5 + 0.5 × 0.99 = 995ms.
    use: {
      template: 'latency',
      params: {
        threshold: '300ms',
        severity: 'page',
        runbook: 'https://runbooks.example.com/latency',
      },
    },
    alertname: 'HighLatency',
    incidents: [
      {
        interval: '1m',
        input_series: latencyBuckets([
          [0.1, 60],
          [1, 30],
        ]),
        alert_rule_test: [
          ...quiet('HighLatency', '59m', '69m'),
          {
            eval_time: '73m',
            alertname: 'HighLatency',
            exp_alerts: [
              {
                exp_labels: ruleLabels('latency', 'page'),
                exp_annotations: {
                  summary: `${entityRef}: p0.99 latency is 995ms`,
                  description:
                    'The 0.99 quantile of request latency has been above 300ms over 5m for 10m.',
                  runbook_url: 'https://runbooks.example.com/latency',
                },
              },
            ],
          },
        ],
      },
    ],
    healthy: {
      interval: '1m',
      input_series: [
        ...latencyBuckets([[0.1, 90]]),
        ...latencyBuckets([[1, 90]], 'cart'),
      ],
      alert_rule_test: quiet('HighLatency', '10m', '60m', '89m'),
    },
  },
  {
    // One of two targets goes down at minute 60; the other test's targets vanish altogether.
    use: { template: 'target-down' },
    alertname: 'TargetDown',
    incidents: [
      {
        interval: '1m',
        input_series: [
          series('up', { instance: 'a' }, '1x90'),
          series('up', { instance: 'b' }, '1x59 0x30'),
        ],
        alert_rule_test: [
          ...quiet('TargetDown', '59m', '64m'),
          {
            eval_time: '66m',
            alertname: 'TargetDown',
            exp_alerts: [
              {
                exp_labels: ruleLabels('target-down', 'page'),
                exp_annotations: {
                  summary: `${entityRef}: scrape targets are down or missing`,
                  description:
                    'Fewer than 100% of the scrape targets have been up, or none reported, for 5m.',
                },
              },
            ],
          },
        ],
      },
      {
        // Both targets vanish (stale) at minute 60: absent(up) fires, with its selector's labels.
        interval: '1m',
        input_series: [
          series('up', { instance: 'a' }, '1x59 stale'),
          series('up', { instance: 'b' }, '1x59 stale'),
        ],
        alert_rule_test: [
          ...quiet('TargetDown', '59m', '64m'),
          {
            eval_time: '66m',
            alertname: 'TargetDown',
            exp_alerts: [
              {
                exp_labels: {
                  ...ruleLabels('target-down', 'page'),
                  job: 'checkout',
                  namespace: 'shop',
                },
                exp_annotations: {
                  summary: `${entityRef}: scrape targets are down or missing`,
                  description:
                    'Fewer than 100% of the scrape targets have been up, or none reported, for 5m.',
                },
              },
            ],
          },
        ],
      },
    ],
    healthy: {
      interval: '1m',
      input_series: [
        series('up', { instance: 'a' }, '1x90'),
        series('up', { instance: 'b' }, '1x90'),
        series('up', { instance: 'a' }, '0x90', 'cart'),
      ],
      alert_rule_test: quiet('TargetDown', '10m', '60m', '89m'),
    },
  },
  {
    // 0.2 CPU cores, then 1.5: the 5m rate passes 0.8 three minutes in, fires `for: 15m` later.
    use: { template: 'saturation', params: { threshold: 0.8 } },
    alertname: 'HighSaturation',
    incidents: [
      {
        interval: '1m',
        input_series: [
          series(
            'process_cpu_seconds_total',
            { instance: 'a' },
            counter([12, 60], [90, 30]),
          ),
        ],
        alert_rule_test: [
          ...quiet('HighSaturation', '59m', '74m'),
          {
            eval_time: '79m',
            alertname: 'HighSaturation',
            exp_alerts: [
              {
                exp_labels: ruleLabels('saturation', 'ticket'),
                exp_annotations: {
                  summary: `${entityRef}: saturation is 1.5`,
                  description:
                    'The saturation signal has been above 0.8 for 15m.',
                },
              },
            ],
          },
        ],
      },
    ],
    healthy: {
      interval: '1m',
      input_series: [
        series(
          'process_cpu_seconds_total',
          { instance: 'a' },
          counter([12, 90]),
        ),
        series(
          'process_cpu_seconds_total',
          { instance: 'a' },
          counter([90, 90]),
          'cart',
        ),
      ],
      alert_rule_test: quiet('HighSaturation', '10m', '60m', '89m'),
    },
  },
  {
    // A week of 2,000 requests a minute, then 400 (20% of last week): below half four minutes
    // in, firing `for: 15m` later at 400/60 ≈ 6.667 req/s.
    use: { template: 'traffic-drop' },
    alertname: 'TrafficDrop',
    incidents: [
      {
        interval: '1m',
        input_series: [
          series(
            'http_requests_total',
            { status_code: '200', instance: 'a' },
            counter([2000, WEEK], [400, 30]),
          ),
        ],
        alert_rule_test: [
          ...quiet('TrafficDrop', at(-1), at(14)),
          {
            eval_time: at(21),
            alertname: 'TrafficDrop',
            exp_alerts: [
              {
                exp_labels: ruleLabels('traffic-drop', 'ticket'),
                exp_annotations: {
                  summary: `${entityRef}: traffic is 6.667 req/s, under 50% of a week ago`,
                  description:
                    'The request rate has been below 50% of the same time last week for 15m.',
                },
              },
            ],
          },
        ],
      },
    ],
    healthy: {
      interval: '1m',
      input_series: [
        series(
          'http_requests_total',
          { status_code: '200', instance: 'a' },
          counter([2000, WEEK + 30]),
        ),
        series(
          'http_requests_total',
          { status_code: '200', instance: 'a' },
          counter([2000, WEEK], [10, 30]),
          'cart',
        ),
      ],
      alert_rule_test: quiet('TrafficDrop', '30m', at(0), at(29)),
    },
  },
  {
    // 99.9% availability; 20% errors burn the budget 200× over: the 1h/5m page fires within
    // minutes (no `for`), and with this short history the 1d/2h ticket burn fires as well.
    // A steady 0.05% (half the budget) never fires.
    use: { template: 'slo-burn' },
    alertname: 'SloErrorBudgetBurn',
    incidents: [
      {
        interval: '1m',
        input_series: requests([
          [1, 60],
          [400, 30],
        ]),
        alert_rule_test: [
          ...quiet('SloErrorBudgetBurn', '59m'),
          {
            eval_time: '70m',
            alertname: 'SloErrorBudgetBurn',
            exp_alerts: (['page', 'ticket'] as const).map(severity => ({
              exp_labels: {
                ...ruleLabels('slo-burn', severity),
                slo: 'availability',
              },
              exp_annotations: {
                summary: `${entityRef}: SLO availability is burning its error budget too fast`,
                description:
                  severity === 'page'
                    ? 'The 99.9% 30d SLO availability is spending its error budget fast: burn rate 1h/5m above 14.4x or 6h/30m above 6x.'
                    : 'The 99.9% 30d SLO availability is spending its error budget fast: burn rate 1d/2h above 3x or 3d/6h above 1x.',
                runbook_url: 'https://runbooks.example.com/slo/availability',
              },
            })),
          },
        ],
      },
    ],
    healthy: {
      interval: '1m',
      input_series: [
        ...requests([[1, 8 * 60]]),
        ...requests([[400, 8 * 60]], 'cart'),
      ],
      alert_rule_test: quiet('SloErrorBudgetBurn', '10m', '70m', '7h'),
    },
  },
];

/** A request-duration histogram (buckets 0.1, 0.5, 1, +Inf), 100 requests a minute in `le`. */
function latencyBuckets(
  phases: Array<[le: number, minutes: number]>,
  job = 'checkout',
): Series[] {
  return ['0.1', '0.5', '1', '+Inf'].map(le =>
    series(
      'http_request_duration_seconds_bucket',
      { le, instance: 'a' },
      counter(
        ...phases.map(([into, minutes]): [number, number] => [
          Number(le) >= into ? 100 : 0,
          minutes,
        ]),
      ),
      job,
    ),
  );
}

async function promtoolTest(rules: string, tests: UnitTest[]) {
  const dir = await mkdtemp(join(tmpdir(), 'observability-promtool-test-'));
  try {
    await writeFile(join(dir, 'rules.yml'), rules);
    await writeFile(
      join(dir, 'rules.test.yml'),
      stringify(
        { rule_files: ['rules.yml'], evaluation_interval: '1m', tests },
        { lineWidth: 0 },
      ),
    );
    return await run('promtool', ['test', 'rules', 'rules.test.yml'], {
      cwd: dir,
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      ({ stdout }) => ({ passed: true, output: stdout }),
      (e: { stdout?: string; stderr?: string; message: string }) => ({
        passed: false,
        output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('built-in templates under promtool test rules', () => {
  it('covers every built-in template', () => {
    expect(cases.map(c => c.use.template).sort()).toEqual(
      builtinTemplates.map(t => t.id).sort(),
    );
  });

  it.each(cases)(
    '$use.template fires on an incident after its `for` and stays quiet on healthy data',
    async ({ use, alertname, incidents, healthy }) => {
      const rendered = renderEntityRules({
        entity,
        target,
        uses: [use],
        templates,
        slos,
      });
      expect(rendered.problems).toEqual([]);
      expect(rendered.group.rules.map(r => r.alert)).toContain(alertname);
      const result = await promtoolTest(ruleFileYaml([rendered.group]), [
        ...incidents,
        healthy,
      ]);
      // On failure the diff shows promtool's report of which alert differed.
      expect(result).toEqual({
        passed: true,
        output: expect.stringContaining('SUCCESS'),
      });
    },
    60_000,
  );
});
