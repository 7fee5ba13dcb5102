import { stringify } from 'yaml';
import {
  alertConditions,
  AlertSeverity,
  BURN_RATE_WINDOWS,
  errorBudget,
  LabelMatcher,
  SloSpec,
} from '@stagewatch/backstage-plugin-observability-common';
import { Profile } from '../profiles/Profile';
import { scopeQuery } from '../prometheus/scopeQuery';
import { sliErrorRatioQuery } from './sliQueries';

/** @public */
export interface SloRulesInput {
  entityRef: string;
  matchers: LabelMatcher[];
  profile: Profile;
  slos: SloSpec[];
  /** Where people find what to do; `{slo}` is replaced by the SLO's name. */
  runbookUrl?: string;
}

const recordName = (window: string) => `slo:sli_error:ratio_rate${window}`;
/** Numbers as people write them: 0.001, not 0.0009999999999999432. */
const num = (n: number) => String(Number(n.toPrecision(10)));

/**
 * A Prometheus rule file for one entity's SLOs, in the shape Sloth generates: recording rules for
 * the SLI error ratio at every burn-rate window and over the SLO window, and the SRE workbook's
 * multi-window, multi-burn-rate alerts (page and ticket). Every expression goes through the
 * entity-scoping function: the recording rules with the entity's matchers, the alerts with the
 * rule's own `slo` and `backstage_entity` labels, so one entity's rules never read another's series.
 *
 * @public
 */
export function generateSloRules(input: SloRulesInput): string {
  return stringify({ groups: generateSloRuleGroups(input) }, { lineWidth: 0 });
}

/**
 * The rule groups of `generateSloRules`, one per SLO, to combine several entities in a file.
 *
 * @public
 */
export function generateSloRuleGroups(input: SloRulesInput) {
  return input.slos.map(slo => {
    const identity = { slo: slo.name, backstage_entity: input.entityRef };
    const own: LabelMatcher[] = [
      { name: 'slo', op: '=', value: slo.name },
      { name: 'backstage_entity', op: '=', value: input.entityRef },
    ];
    const budget = errorBudget(slo.objective);
    const ratioRules = BURN_RATE_WINDOWS.map(window => ({
      record: recordName(window),
      expr: scopeQuery(
        sliErrorRatioQuery(slo, input.profile, window),
        input.matchers,
      ),
      labels: identity,
    }));
    const periodRule = {
      record: recordName(slo.window),
      // Like Sloth: the period's ratio is the mean of the 5m ratios, which is far cheaper than a
      // rate over 30 days and equal for steady traffic.
      expr: scopeQuery(
        `avg_over_time(${recordName('5m')}[${slo.window}])`,
        own,
      ),
      labels: identity,
    };
    const alert = (severity: AlertSeverity) => {
      const conditions = alertConditions(slo.window).filter(
        c => c.severity === severity,
      );
      const expr = conditions
        .map(
          c =>
            `(${recordName(c.longWindow)} > (${num(c.factor)} * ${num(
              budget,
            )}) and ${recordName(c.shortWindow)} > (${num(c.factor)} * ${num(
              budget,
            )}))`,
        )
        .join(' or ');
      const windows = conditions
        .map(c => `${c.longWindow}/${c.shortWindow} above ${num(c.factor)}x`)
        .join(' or ');
      return {
        alert: 'SloErrorBudgetBurn',
        expr: scopeQuery(expr, own),
        labels: { severity, ...identity },
        annotations: {
          summary: `${input.entityRef}: SLO ${slo.name} is burning its error budget too fast`,
          description: `The ${slo.objectivePercent}% ${slo.window} SLO ${slo.name} is spending its error budget fast: burn rate ${windows}.`,
          runbook_url: (
            input.runbookUrl ?? 'https://runbooks.example.com/slo/{slo}'
          ).replace('{slo}', slo.name),
        },
      };
    };
    return {
      name: `slo:${input.entityRef.replace(/[^a-zA-Z0-9]+/g, '-')}:${slo.name}`,
      rules: [...ratioRules, periodRule, alert('page'), alert('ticket')],
    };
  });
}
