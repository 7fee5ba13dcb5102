import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  checkParameterSchema,
  checkPromTemplateText,
  fillTemplateText,
  LabelMatcher,
  ParameterValue,
  RuleTemplate,
  resolveParameters,
  RuleTemplateUse,
  SloSpec,
} from '@stagewatch/backstage-plugin-observability-common';
import { stringify } from 'yaml';
import { Profile } from '../profiles/Profile';
import { scopeQuery } from '../prometheus/scopeQuery';
import { generateSloRuleGroups } from '../slo/generateSloRules';
import { SLO_BURN_TEMPLATE } from './builtinTemplates';
import { profileSignals } from './profileSignals';
import {
  PromRule,
  PromRuleGroup,
  ruleGroupProblems,
} from './ruleGroupStructure';

/**
 * Labels the renderer sets on every rule; a template may not set them itself.
 *
 * @public
 */
export const RESERVED_RULE_LABELS = [
  'backstage_entity',
  'owner',
  'template',
  'template_version',
] as const;

/** @public */
export interface RenderedRule {
  template: string;
  templateVersion: number;
  params: Record<string, ParameterValue>;
  rule: PromRule;
}

/** @public */
export interface RuleRenderProblem {
  template: string;
  entityRef: string;
  message: string;
}

/** @public */
export interface RenderedEntityRules {
  entityRef: string;
  group: PromRuleGroup;
  rules: RenderedRule[];
  /** Uses that could not be rendered or failed validation; their rules are not in `group`. */
  problems: RuleRenderProblem[];
}

/** @public */
export interface RenderInput {
  entity: Entity;
  target: { entityRef: string; matchers: LabelMatcher[]; profile: Profile };
  uses: RuleTemplateUse[];
  templates: ReadonlyMap<string, RuleTemplate>;
  /** The entity's SLOs, for `slo-burn`; an error when its annotation is malformed. */
  slos: SloSpec[] | { error: string };
}

/**
 * The owning group's ref, as alert routing reads it (`group:default/team-checkout`).
 *
 * @public
 */
export function ownerRef(entity: Entity): string {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || owner.trim() === '') return 'unknown';
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return 'unknown';
  }
}

/** @public */
export const ruleGroupName = (entityRef: string) => `backstage:${entityRef}`;

/**
 * The labels the plugin puts on a rendered rule. Alerts carry the entity, its owner (for
 * routing), the template and its version, and a severity. A recording rule's labels become its
 * series' identity, so it carries only the entity: an owner, template or version label would
 * split the recorded history whenever a team is renamed or a template edited, and the SLO rules
 * that average a recorded series over 30 days would then see two series with one labelset after
 * the rule's labels are applied ("vector contains metrics with the same labelset"), as they would
 * for anyone moving from SLO rules they loaded themselves. The API still reports each recording
 * rule's template and version.
 */
function ruleLabels(
  rule: PromRule,
  entityRef: string,
  owner: string,
  template: RuleTemplate,
): Record<string, string> {
  if (rule.alert === undefined) {
    return { ...rule.labels, backstage_entity: entityRef };
  }
  return {
    severity: 'ticket',
    ...rule.labels,
    backstage_entity: entityRef,
    owner,
    template: template.id,
    template_version: String(template.version),
  };
}

/** `${name}` alone: a field that is dropped when the optional parameter has no value. */
const LONE_PLACEHOLDER = /^\$\{([a-zA-Z_][a-zA-Z0-9_]*)\}$/;

function renderTemplateRules(
  template: RuleTemplate,
  params: Record<string, ParameterValue>,
  input: RenderInput,
): PromRule[] {
  const kinds = checkParameterSchema(template.parameters);
  const window = typeof params.window === 'string' ? params.window : '5m';
  const signals = profileSignals(input.target.profile, window);
  const text = (value: string, field: string): string | undefined => {
    const lone = LONE_PLACEHOLDER.exec(value);
    if (lone && kinds.has(lone[1]) && params[lone[1]] === undefined)
      return undefined;
    const filled = fillTemplateText(value, {
      field,
      target: 'text',
      params,
      kinds,
      entityRef: input.target.entityRef,
    });
    checkPromTemplateText(filled, field);
    return filled;
  };
  const textMap = (map: Record<string, string> | undefined, field: string) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(map ?? {})) {
      const filled = text(value, `${field}.${key}`);
      if (filled !== undefined) out[key] = filled;
    }
    return out;
  };
  return template.rules.map((skeleton, i) => {
    const field = `rules[${i}]`;
    const expr = fillTemplateText(skeleton.expr, {
      field: `${field}.expr`,
      target: 'expr',
      params,
      kinds,
      signals,
    });
    let scoped: string;
    try {
      scoped = scopeQuery(expr, input.target.matchers);
    } catch (e) {
      throw new Error(`${field}.expr: ${(e as Error).message}`);
    }
    const rule: PromRule =
      skeleton.alert !== undefined
        ? { alert: text(skeleton.alert, `${field}.alert`) ?? '', expr: scoped }
        : {
            record: text(skeleton.record ?? '', `${field}.record`) ?? '',
            expr: scoped,
          };
    for (const key of ['for', 'keep_firing_for'] as const) {
      const value = skeleton[key];
      if (value !== undefined) {
        const filled = text(value, `${field}.${key}`);
        if (filled !== undefined) rule[key] = filled;
      }
    }
    const labels = textMap(skeleton.labels, `${field}.labels`);
    for (const reserved of RESERVED_RULE_LABELS) {
      if (reserved in labels) {
        throw new Error(
          `${field}.labels.${reserved}: is set by the plugin, not by templates`,
        );
      }
    }
    rule.labels = labels;
    if (skeleton.annotations !== undefined) {
      rule.annotations = textMap(skeleton.annotations, `${field}.annotations`);
    }
    return rule;
  });
}

function renderSloBurn(
  params: Record<string, ParameterValue>,
  input: RenderInput,
): PromRule[] {
  if ('error' in input.slos) throw new Error(input.slos.error);
  const runbook =
    typeof params.runbook === 'string'
      ? params.runbook.replace(/%7Bslo%7D/gi, '{slo}')
      : undefined;
  return generateSloRuleGroups({
    entityRef: input.target.entityRef,
    matchers: input.target.matchers,
    profile: input.target.profile,
    slos: input.slos,
    runbookUrl: runbook,
  }).flatMap(group => group.rules as PromRule[]);
}

/**
 * Renders one entity's rule group from its template uses: every expression through the scoping
 * function, every rule labelled with the entity, its owner, template and version (and, for
 * alerts, a severity). A use that fails — unknown template, bad parameters, a template that does
 * not render or validate — is left out and reported; the others are kept.
 *
 * @public
 */
export function renderEntityRules(input: RenderInput): RenderedEntityRules {
  const { entityRef } = input.target;
  const owner = ownerRef(input.entity);
  const problems: RuleRenderProblem[] = [];
  const rendered: RenderedRule[] = [];
  for (const use of input.uses) {
    const template = input.templates.get(use.template);
    if (!template) {
      problems.push({
        template: use.template,
        entityRef,
        message: `no rule template '${use.template}'; known templates: ${[
          ...input.templates.keys(),
        ].join(', ')}`,
      });
      continue;
    }
    try {
      const params = resolveParameters(template.parameters, use.params);
      const rules =
        template.source === 'builtin' && template.id === SLO_BURN_TEMPLATE
          ? renderSloBurn(params, input)
          : renderTemplateRules(template, params, input);
      const labelled = rules.map(rule => ({
        template: template.id,
        templateVersion: template.version,
        params,
        rule: { ...rule, labels: ruleLabels(rule, entityRef, owner, template) },
      }));
      const structure = ruleGroupProblems({
        name: ruleGroupName(entityRef),
        rules: [...rendered, ...labelled].map(r => r.rule),
      });
      if (structure.length > 0) throw new Error(structure.join('; '));
      rendered.push(...labelled);
    } catch (e) {
      problems.push({
        template: use.template,
        entityRef,
        message: (e as Error).message,
      });
    }
  }
  return {
    entityRef,
    group: { name: ruleGroupName(entityRef), rules: rendered.map(r => r.rule) },
    rules: rendered,
    problems,
  };
}

/**
 * A rule file holding the given groups, as Prometheus and promtool read it.
 *
 * @public
 */
export function ruleFileYaml(groups: PromRuleGroup[]): string {
  return stringify({ groups }, { lineWidth: 0 });
}
