import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_ALERT_RECEIVER,
  ANNOTATION_ALERT_RULES,
  ANNOTATION_PROFILE,
  ANNOTATION_PROMETHEUS_INSTANCE,
  ANNOTATION_PROMETHEUS_SELECTOR,
  ANNOTATION_SLOS,
  ANNOTATION_TRACE_INSTANCE,
  ANNOTATION_TRACE_SERVICE,
  assertBoundedScope,
  formatSelector,
  parseAlertRulesAnnotation,
  parseSelector,
  parseSloAnnotation,
  RuleTemplateUse,
} from '@stagewatch/backstage-plugin-observability-common';
import {
  readObservabilityConfig,
  renderServiceRules,
} from '@stagewatch/backstage-plugin-observability-node';
import { stringify } from 'yaml';
import { examples } from './annotations.examples';
import { SERVICE_NAME, serviceEntity } from './serviceEntity';

/** The thresholds a latency SLO may use: bounds of the skeleton's request-duration histogram. */
const PERCENT = /^\d{1,2}(\.\d{1,4})?$/;

const severityUses = (severity: 'page' | 'ticket'): RuleTemplateUse[] => [
  { template: 'error-ratio', params: { severity } },
  { template: 'latency', params: { severity } },
];

const formatSeconds = (seconds: number) =>
  seconds < 1
    ? `${Number((seconds * 1000).toPrecision(6))}ms`
    : `${Number(seconds.toPrecision(6))}s`;

/**
 * Alertmanager routes a service's alerts by its owner: the owning Group's
 * `observability/alert-receiver` names the receiver. A chosen receiver must be one the portal
 * configures; whether the group already routes to it is read from the catalog with the
 * initiator's credentials and said, never changed (the group's owners decide).
 */
async function describeRouting(options: {
  ownerRef: string;
  receiver?: string;
  receivers: string[];
  catalog: CatalogService;
  credentials: BackstageCredentials;
}): Promise<string> {
  const { ownerRef, receiver, receivers } = options;
  if (receiver !== undefined && !receivers.includes(receiver)) {
    throw new InputError(
      `input.receiver: '${receiver}' is not a receiver of observability.alertmanager.receivers; known: ${
        receivers.join(', ') || 'none'
      }`,
    );
  }
  const group = await options.catalog.getEntityByRef(ownerRef, {
    credentials: options.credentials,
  });
  const current = group?.metadata.annotations?.[ANNOTATION_ALERT_RECEIVER];
  if (!group) {
    return `${ownerRef} is not in the catalog (or you may not see it): alerts reach no team until it exists with an ${ANNOTATION_ALERT_RECEIVER} annotation`;
  }
  if (current && (receiver === undefined || current === receiver)) {
    return `alerts route to receiver ${current} through ${ownerRef}`;
  }
  if (current) {
    return `${ownerRef} routes its alerts to ${current}, not ${receiver}: change its ${ANNOTATION_ALERT_RECEIVER} annotation to route them to ${receiver}`;
  }
  return `${ownerRef} has no ${ANNOTATION_ALERT_RECEIVER} annotation: add ${ANNOTATION_ALERT_RECEIVER}: ${
    receiver ?? '<receiver>'
  } to it so Alertmanager routes its alerts`;
}

/**
 * `observability:annotations`: the entity's `observability/*` annotations from a form's answers.
 * Each is written by the plugin's own formatter and read back by its own parser, and the whole
 * entity is rendered the way the backend will render it, so a template cannot write an
 * annotation the plugin would refuse.
 *
 * @public
 */
export function createAnnotationsAction(options: {
  config: Config;
  catalog: CatalogService;
}) {
  const observability = readObservabilityConfig(options.config);
  const receivers = (
    options.config.getOptionalConfigArray(
      'observability.alertmanager.receivers',
    ) ?? []
  ).map(c => c.getString('name'));
  const traceInstances = (
    options.config.getOptionalConfigArray('observability.traces.instances') ??
    []
  ).map(c => c.getString('name'));

  return createTemplateAction({
    id: 'observability:annotations',
    description:
      "Returns a new service's observability/* annotations (selector, profile, SLOs, alert rules, traces), validated by the observability plugin's own parsers and renderers.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string().describe('The service (entity) name, a DNS label'),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('The entity namespace; default `default`'),
        owner: z =>
          z
            .string()
            .describe('The owning group, e.g. group:default/team-checkout'),
        job: z =>
          z
            .string()
            .optional()
            .describe(
              'The `job` label Prometheus gives its series; default the name',
            ),
        metricsNamespace: z =>
          z
            .string()
            .describe(
              'The `namespace` label of its series (Kubernetes namespace or environment)',
            ),
        prometheusInstance: z =>
          z
            .string()
            .optional()
            .describe('A configured Prometheus instance; default the first'),
        profile: z =>
          z
            .string()
            .optional()
            .describe('The signal profile; default prom-client-http'),
        availabilityObjective: z =>
          z
            .number()
            .optional()
            .describe(
              'Availability SLO objective in percent, e.g. 99.9; none: no SLO',
            ),
        latencyObjective: z =>
          z
            .number()
            .optional()
            .describe('Latency SLO objective in percent, e.g. 99'),
        latencyThresholdSeconds: z =>
          z
            .number()
            .optional()
            .describe(
              'Latency SLO threshold in seconds, a bucket bound of the histogram',
            ),
        sloWindow: z =>
          z
            .enum(['7d', '28d', '30d'])
            .optional()
            .describe('SLO window; default 30d'),
        severity: z =>
          z
            .enum(['page', 'ticket'])
            .optional()
            .describe(
              'Severity of the error-ratio and latency alerts; default ticket',
            ),
        alertRules: z =>
          z
            .array(
              z.object({
                template: z.string(),
                params: z
                  .record(z.union([z.string(), z.number(), z.boolean()]))
                  .optional(),
                enabled: z.boolean().optional(),
              }),
            )
            .optional()
            .describe(
              'More rule-template uses, as the observability/alert-rules annotation lists them',
            ),
        traceService: z =>
          z
            .string()
            .optional()
            .describe(
              "The OpenTelemetry service.name of its spans; default the name; '' for none",
            ),
        traceInstance: z =>
          z
            .string()
            .optional()
            .describe('A configured trace instance; default the first'),
        receiver: z =>
          z
            .string()
            .optional()
            .describe(
              "The owning team's Alertmanager receiver (observability.alertmanager.receivers)",
            ),
      },
      output: {
        annotations: z =>
          z.record(z.string()).describe('The observability/* annotations'),
        selector: z => z.string().describe('The Prometheus selector'),
        entityRef: z => z.string(),
        receiverNote: z =>
          z
            .string()
            .describe(
              'Where the alerts will go, and what to do if nobody routes them yet',
            ),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      if (!SERVICE_NAME.test(input.name)) {
        throw new InputError(
          `input.name: '${input.name}' is not a valid service name (lowercase letters, digits and dashes, at most 63 characters)`,
        );
      }
      const annotations: Record<string, string> = {};

      const job = input.job ?? input.name;
      let selector: string;
      try {
        const matchers = [
          { name: 'job', op: '=' as const, value: job },
          {
            name: 'namespace',
            op: '=' as const,
            value: input.metricsNamespace,
          },
        ];
        assertBoundedScope(matchers);
        selector = formatSelector(matchers);
        parseSelector(selector);
      } catch (e) {
        throw new InputError(
          `input.job / input.metricsNamespace: ${(e as Error).message}`,
        );
      }
      if (!input.metricsNamespace.trim()) {
        throw new InputError('input.metricsNamespace: must not be empty');
      }
      annotations[ANNOTATION_PROMETHEUS_SELECTOR] = selector;

      if (input.prometheusInstance !== undefined) {
        if (
          !observability.instances.some(
            i => i.name === input.prometheusInstance,
          )
        ) {
          throw new InputError(
            `input.prometheusInstance: '${
              input.prometheusInstance
            }' is not configured; known: ${observability.instances
              .map(i => i.name)
              .join(', ')}`,
          );
        }
        annotations[ANNOTATION_PROMETHEUS_INSTANCE] = input.prometheusInstance;
      }
      const profile = input.profile ?? 'prom-client-http';
      if (!observability.profiles.has(profile)) {
        throw new InputError(
          `input.profile: '${profile}' is not a profile; known: ${[
            ...observability.profiles.keys(),
          ].join(', ')}`,
        );
      }
      annotations[ANNOTATION_PROFILE] = profile;

      const slos: object[] = [];
      const window = input.sloWindow ?? '30d';
      const objective = (field: string, value: number) => {
        const text = String(value);
        if (!(value > 0 && value < 100) || !PERCENT.test(text)) {
          throw new InputError(
            `input.${field}: must be a percentage between 0 and 100 with at most 4 decimals, like 99.9; got ${value}`,
          );
        }
        return `${text}%`;
      };
      if (input.availabilityObjective !== undefined) {
        slos.push({
          name: 'availability',
          objective: objective(
            'availabilityObjective',
            input.availabilityObjective,
          ),
          window,
          sli: 'availability',
        });
      }
      if (input.latencyObjective !== undefined) {
        const threshold = input.latencyThresholdSeconds;
        if (threshold === undefined || !(threshold > 0 && threshold <= 60)) {
          throw new InputError(
            `input.latencyThresholdSeconds: a latency SLO needs a threshold between 0 and 60 seconds; got ${threshold}`,
          );
        }
        slos.push({
          name: 'latency',
          objective: objective('latencyObjective', input.latencyObjective),
          window,
          sli: { type: 'latency', threshold: formatSeconds(threshold) },
        });
      }
      if (slos.length > 0) {
        annotations[ANNOTATION_SLOS] = stringify(slos, { lineWidth: 0 });
        parseSloAnnotation(annotations[ANNOTATION_SLOS]);
      }

      const uses = [
        ...severityUses(input.severity ?? 'ticket'),
        ...(input.alertRules ?? []),
      ];
      annotations[ANNOTATION_ALERT_RULES] = stringify(uses, { lineWidth: 0 });
      try {
        parseAlertRulesAnnotation(annotations[ANNOTATION_ALERT_RULES]);
      } catch (e) {
        throw new InputError(`input.alertRules: ${(e as Error).message}`);
      }

      const traceService = input.traceService ?? input.name;
      if (traceService.trim()) {
        if (
          traceService.length > 256 ||
          [...traceService].some(c => c.charCodeAt(0) < 0x20)
        ) {
          throw new InputError(
            'input.traceService: must be at most 256 characters without control characters',
          );
        }
        annotations[ANNOTATION_TRACE_SERVICE] = traceService;
      }
      if (input.traceInstance !== undefined) {
        if (!traceInstances.includes(input.traceInstance)) {
          throw new InputError(
            `input.traceInstance: '${
              input.traceInstance
            }' is not configured; known: ${
              traceInstances.join(', ') || 'none'
            }`,
          );
        }
        annotations[ANNOTATION_TRACE_INSTANCE] = input.traceInstance;
      }

      let ownerRef: string;
      try {
        ownerRef = stringifyEntityRef(
          parseEntityRef(input.owner, {
            defaultKind: 'group',
            defaultNamespace: input.namespace ?? 'default',
          }),
        );
      } catch (e) {
        throw new InputError(`input.owner: ${(e as Error).message}`);
      }

      // The backend's own renderer has the last word: whatever it would refuse, refuse now.
      const entity = serviceEntity({
        name: input.name,
        namespace: input.namespace,
        owner: ownerRef,
        annotations,
      });
      const rendered = await renderServiceRules({
        entity,
        config: options.config,
      });
      if (!rendered.validation.valid) {
        throw new InputError(
          `The observability plugin would refuse these rules: ${[
            ...rendered.validation.problems.map(
              p => `${p.template}: ${p.message}`,
            ),
            ...(rendered.validation.promtoolMessage
              ? [rendered.validation.promtoolMessage]
              : []),
          ].join('; ')}`,
        );
      }

      const receiverNote = await describeRouting({
        ownerRef,
        receiver: input.receiver,
        receivers,
        catalog: options.catalog,
        credentials: await ctx.getInitiatorCredentials(),
      });
      ctx.logger.info(
        `Annotations for ${rendered.entityRef}: ${Object.keys(annotations).join(
          ', ',
        )}; ${receiverNote}`,
      );
      ctx.output('annotations', annotations);
      ctx.output('selector', selector);
      ctx.output('entityRef', rendered.entityRef);
      ctx.output('receiverNote', receiverNote);
    },
  });
}
