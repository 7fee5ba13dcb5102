import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { findBinary } from '@internal/demo-stack';
import {
  parseSelector,
  parseSloAnnotation,
} from '@stagewatch/backstage-plugin-observability-common';
import { promClientHttpProfile } from '../profiles/builtinProfiles';
import { generateSloRules } from './generateSloRules';

// The real promtool from Debian's prometheus package validates the generated files and runs
// synthetic-series tests against them.
const promtool = findBinary('promtool');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'slo-rules-'));

function rulesFor(ref: string, selector: string, slos: string): string {
  return generateSloRules({
    entityRef: ref,
    matchers: parseSelector(selector),
    profile: promClientHttpProfile,
    slos: parseSloAnnotation(slos),
  });
}

const checkoutRules = rulesFor(
  'component:default/checkout',
  '{job="checkout", namespace="shop"}',
  '- { name: availability, objective: 99.9, sli: availability }',
);

describe('generateSloRules', () => {
  it('records the SLI at every burn-rate window and the SLO window, scoped to the entity', () => {
    const rules = parse(checkoutRules).groups[0].rules;
    const records = rules
      .filter((r: any) => r.record)
      .map((r: any) => r.record);
    expect(records).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
    ]);
    for (const rule of rules.filter(
      (r: any) => r.record && r.record !== 'slo:sli_error:ratio_rate30d',
    )) {
      expect(rule.expr).toMatch(
        /http_requests_total\{[^}]*job="checkout", namespace="shop"/,
      );
      expect(rule.labels).toEqual({
        slo: 'availability',
        backstage_entity: 'component:default/checkout',
      });
    }
  });

  it('pages at 14.4x and 6x and tickets at 3x and 1x of a 99.9% budget, reading only its own series', () => {
    const alerts = parse(checkoutRules).groups[0].rules.filter(
      (r: any) => r.alert,
    );
    const page = alerts.find((a: any) => a.labels.severity === 'page');
    const ticket = alerts.find((a: any) => a.labels.severity === 'ticket');
    expect(page.expr).toContain(
      'slo:sli_error:ratio_rate1h{slo="availability", backstage_entity="component:default/checkout"} > (14.4 * 0.001)',
    );
    expect(page.expr).toContain(
      'slo:sli_error:ratio_rate5m{slo="availability", backstage_entity="component:default/checkout"} > (14.4 * 0.001)',
    );
    expect(page.expr).toContain('> (6 * 0.001)');
    expect(ticket.expr).toContain(
      'slo:sli_error:ratio_rate1d{slo="availability", backstage_entity="component:default/checkout"} > (3 * 0.001)',
    );
    expect(ticket.expr).toContain(
      'slo:sli_error:ratio_rate3d{slo="availability", backstage_entity="component:default/checkout"} > (1 * 0.001)',
    );
    expect(page.labels).toEqual({
      severity: 'page',
      slo: 'availability',
      backstage_entity: 'component:default/checkout',
    });
    expect(Object.keys(page.annotations)).toEqual([
      'summary',
      'description',
      'runbook_url',
    ]);
  });

  it('passes promtool check rules for every demo entity with SLOs', () => {
    const docs = parseAllDocuments(
      readFileSync(
        path.resolve(__dirname, '../../../../examples/entities.yaml'),
        'utf8',
      ),
    )
      .map(d => d.toJS())
      .filter(e => e?.metadata?.annotations?.['observability/slos']);
    expect(docs.map(e => e.metadata.name)).toEqual(['checkout', 'payments']);
    for (const entity of docs) {
      const file = path.join(tmp, `${entity.metadata.name}.rules.yml`);
      writeFileSync(
        file,
        rulesFor(
          `component:default/${entity.metadata.name}`,
          entity.metadata.annotations['observability/prometheus-selector'],
          entity.metadata.annotations['observability/slos'],
        ),
      );
      const result = spawnSync(promtool, ['check', 'rules', file], {
        encoding: 'utf8',
      });
      expect(result.stdout + result.stderr).toMatch(/SUCCESS: \d+ rules found/);
      expect(result.status).toBe(0);
    }
  });

  it('pages within 5 minutes of a fast burn, and a slow burn opens a ticket without paging (promtool test rules)', () => {
    writeFileSync(path.join(tmp, 'checkout.rules.yml'), checkoutRules);
    const labels = (severity: string) => ({
      alertname: 'SloErrorBudgetBurn',
      severity,
      slo: 'availability',
      backstage_entity: 'component:default/checkout',
    });
    const series = (status: string, values: string) => ({
      series: `http_requests_total{job="checkout", namespace="shop", status_code="${status}"}`,
      values,
    });
    const tests = {
      rule_files: ['checkout.rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          // Fast burn: 10 rps, healthy for 2h, then half of all requests fail from 2h on.
          interval: '1m',
          input_series: [
            series('200', '0+600x120 72000+300x30'),
            series('500', '0x120 0+300x30'),
          ],
          alert_rule_test: [
            {
              eval_time: '2h',
              alertname: 'SloErrorBudgetBurn',
              exp_alerts: [],
            },
            // Five minutes in it pages. Half of all requests failing also burns the 1-day budget,
            // so the ticket condition trips too (Alertmanager's inhibition usually hides it).
            {
              eval_time: '2h5m',
              alertname: 'SloErrorBudgetBurn',
              exp_alerts: [
                { exp_labels: labels('page') },
                { exp_labels: labels('ticket') },
              ],
            },
          ],
        },
        {
          // Slow burn: 0.5% errors (5x the budget) for 4h: a ticket, never a page.
          interval: '1m',
          input_series: [series('200', '0+597x240'), series('500', '0+3x240')],
          alert_rule_test: [
            {
              eval_time: '4h',
              alertname: 'SloErrorBudgetBurn',
              exp_alerts: [{ exp_labels: labels('ticket') }],
            },
          ],
        },
      ],
    };
    // promtool compares annotations too; fill them in from the generated alerts.
    const alerts = parse(checkoutRules).groups[0].rules.filter(
      (r: any) => r.alert,
    );
    for (const t of tests.tests) {
      for (const check of t.alert_rule_test as any[]) {
        for (const expected of check.exp_alerts) {
          expected.exp_annotations = alerts.find(
            (a: any) => a.labels.severity === expected.exp_labels.severity,
          ).annotations;
        }
      }
    }
    const file = path.join(tmp, 'checkout.test.yml');
    writeFileSync(file, JSON.stringify(tests));
    const result = spawnSync(promtool, ['test', 'rules', file], {
      encoding: 'utf8',
      cwd: tmp,
    });
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
