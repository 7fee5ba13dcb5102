import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown on the portal's /create/actions page; annotations.test.ts runs each one. */
export const examples: TemplateExample[] = [
  {
    description:
      'A prom-client service with an availability and a latency SLO, paging alerts and traces',
    example: stringify({
      steps: [
        {
          id: 'annotations',
          action: 'observability:annotations',
          name: 'Observability annotations',
          input: {
            name: 'orders',
            owner: 'group:default/team-checkout',
            metricsNamespace: 'shop',
            availabilityObjective: 99.9,
            latencyObjective: 99,
            latencyThresholdSeconds: 0.3,
            severity: 'page',
            receiver: 'team-checkout',
          },
        },
      ],
    }),
  },
  {
    description:
      'Metrics only: no SLO, no traces, one extra rule template with its parameters',
    example: stringify({
      steps: [
        {
          id: 'annotations',
          action: 'observability:annotations',
          name: 'Observability annotations',
          input: {
            name: 'batch-importer',
            owner: 'group:default/team-platform',
            job: 'importer',
            metricsNamespace: 'jobs',
            traceService: '',
            alertRules: [{ template: 'saturation', params: { threshold: 2 } }],
          },
        },
      ],
    }),
  },
];
