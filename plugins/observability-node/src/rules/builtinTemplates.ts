import type {
  ParameterSchemaProperty,
  RuleTemplate,
} from '@stagewatch/backstage-plugin-observability-common';

/**
 * Bump when a built-in template's rendering changes, so delivered rules carry the revision they
 * were rendered from (`template_version`).
 *
 * @public
 */
export const BUILTIN_TEMPLATE_VERSION = 1;

const severity = (fallback: 'page' | 'ticket'): ParameterSchemaProperty => ({
  type: 'string',
  enum: ['page', 'ticket'],
  default: fallback,
  title: 'Severity',
  description: 'page wakes someone up; ticket can wait for working hours',
});
const forDuration = (fallback: string): ParameterSchemaProperty => ({
  type: 'string',
  format: 'duration',
  default: fallback,
  title: 'For',
  description: 'How long the condition must hold before the alert fires',
});
const window: ParameterSchemaProperty = {
  type: 'string',
  format: 'duration',
  default: '5m',
  title: 'Rate window',
  description: 'The window rates are computed over',
  minimum: 30,
};
const runbook: ParameterSchemaProperty = {
  type: 'string',
  format: 'uri',
  title: 'Runbook URL',
  description: 'An http(s) link to what to do when the alert fires',
};

const runbookAnnotation = { runbook_url: '${runbook}' };

// Summaries do not name the entity with `{{ $labels.backstage_entity }}`: in annotations
// `$labels` are the labels of the expression's result, not the rule's own labels, and these
// expressions aggregate them away (promtool test rules showed ": 20% of requests fail"). The
// alert's backstage_entity label names the entity.

/**
 * The built-in templates, each written against the entity's profile signals (the golden signals
 * the summary shows), without selectors: rendering scopes them to the entity. `slo-burn` has no
 * skeleton of its own: its rules are the entity's SLO rules (generateSloRules), so every rule an
 * entity has comes from one place.
 *
 * @public
 */
export const builtinTemplates: RuleTemplate[] = [
  {
    id: 'error-ratio',
    title: 'Error ratio',
    description:
      'The share of failed (5xx) requests stays above a threshold for a while.',
    source: 'builtin',
    version: BUILTIN_TEMPLATE_VERSION,
    parameters: {
      type: 'object',
      properties: {
        threshold: {
          type: 'number',
          format: 'ratio',
          default: 0.05,
          title: 'Threshold',
          description: 'Error ratio from 0 to 1, e.g. 0.05 for 5%',
        },
        for: forDuration('5m'),
        window,
        severity: severity('ticket'),
        runbook,
      },
    },
    rules: [
      {
        alert: 'HighErrorRatio',
        expr: '${signal:errorRatio} > ${threshold}',
        for: '${for}',
        labels: { severity: '${severity}' },
        annotations: {
          summary:
            '${entity}: {{ $value | humanizePercentage }} of requests fail',
          description:
            'More than ${threshold:percent} of requests have failed (5xx) over ${window} for ${for}.',
          ...runbookAnnotation,
        },
      },
    ],
  },
  {
    id: 'latency',
    title: 'Latency',
    description:
      "A latency quantile, from the profile's request-duration histogram, stays above a threshold.",
    source: 'builtin',
    version: BUILTIN_TEMPLATE_VERSION,
    parameters: {
      type: 'object',
      properties: {
        quantile: {
          type: 'number',
          format: 'quantile',
          default: 0.99,
          title: 'Quantile',
          description: 'e.g. 0.99 for p99',
        },
        threshold: {
          type: 'string',
          format: 'duration',
          default: '500ms',
          title: 'Threshold',
          description: 'A duration such as 300ms or 1s',
        },
        for: forDuration('10m'),
        window,
        severity: severity('ticket'),
        runbook,
      },
    },
    rules: [
      {
        alert: 'HighLatency',
        expr: 'histogram_quantile(${quantile}, ${signal:latencyBuckets}) > ${threshold:seconds}',
        for: '${for}',
        labels: { severity: '${severity}' },
        annotations: {
          summary:
            '${entity}: p${quantile} latency is {{ $value | humanizeDuration }}',
          description:
            'The ${quantile} quantile of request latency has been above ${threshold} over ${window} for ${for}.',
          ...runbookAnnotation,
        },
      },
    ],
  },
  {
    id: 'target-down',
    title: 'Target down',
    description:
      'Some of the scrape targets are down, or the entity has no liveness series at all.',
    source: 'builtin',
    version: BUILTIN_TEMPLATE_VERSION,
    parameters: {
      type: 'object',
      properties: {
        minimum: {
          type: 'number',
          format: 'ratio',
          default: 1,
          title: 'Share up',
          description: 'Fire when less than this share of targets is up',
        },
        for: forDuration('5m'),
        severity: severity('page'),
        runbook,
      },
    },
    rules: [
      {
        alert: 'TargetDown',
        expr: '${signal:liveness} < ${minimum} or absent(up)',
        for: '${for}',
        labels: { severity: '${severity}' },
        annotations: {
          summary: '${entity}: scrape targets are down or missing',
          description:
            'Fewer than ${minimum:percent} of the scrape targets have been up, or none reported, for ${for}.',
          ...runbookAnnotation,
        },
      },
    ],
  },
  {
    id: 'saturation',
    title: 'Saturation',
    description:
      "The profile's saturation signal (CPU cores, in-flight requests…) stays above a threshold.",
    source: 'builtin',
    version: BUILTIN_TEMPLATE_VERSION,
    parameters: {
      type: 'object',
      required: ['threshold'],
      properties: {
        threshold: {
          type: 'number',
          minimum: 0,
          title: 'Threshold',
          description: "In the profile's saturation unit",
        },
        for: forDuration('15m'),
        window,
        severity: severity('ticket'),
        runbook,
      },
    },
    rules: [
      {
        alert: 'HighSaturation',
        expr: '${signal:saturation} > ${threshold}',
        for: '${for}',
        labels: { severity: '${severity}' },
        annotations: {
          summary: '${entity}: saturation is {{ $value | humanize }}',
          description:
            'The saturation signal has been above ${threshold} for ${for}.',
          ...runbookAnnotation,
        },
      },
    ],
  },
  {
    id: 'traffic-drop',
    title: 'Traffic drop',
    description:
      'The request rate falls below a fraction of the same time a week ago.',
    source: 'builtin',
    version: BUILTIN_TEMPLATE_VERSION,
    parameters: {
      type: 'object',
      properties: {
        fraction: {
          type: 'number',
          format: 'ratio',
          default: 0.5,
          title: 'Fraction',
          description: "Fire below this share of last week's traffic",
        },
        for: forDuration('15m'),
        window,
        severity: severity('ticket'),
        runbook,
      },
    },
    rules: [
      {
        alert: 'TrafficDrop',
        expr: '${signal:requestRate} < ${fraction} * ${signal:requestRateWeekAgo}',
        for: '${for}',
        labels: { severity: '${severity}' },
        annotations: {
          summary:
            '${entity}: traffic is {{ $value | humanize }} req/s, under ${fraction:percent} of a week ago',
          description:
            'The request rate has been below ${fraction:percent} of the same time last week for ${for}.',
          ...runbookAnnotation,
        },
      },
    ],
  },
  {
    id: 'slo-burn',
    title: 'SLO error-budget burn',
    description:
      "Multi-window, multi-burn-rate alerts for each SLO in the entity's observability/slos annotation, with their recording rules.",
    source: 'builtin',
    version: BUILTIN_TEMPLATE_VERSION,
    parameters: {
      type: 'object',
      properties: {
        runbook: {
          ...runbook,
          description:
            'An http(s) link; {slo} in it is replaced by the SLO name',
        },
      },
    },
    rules: [],
  },
];

/** @public */
export const SLO_BURN_TEMPLATE = 'slo-burn';
