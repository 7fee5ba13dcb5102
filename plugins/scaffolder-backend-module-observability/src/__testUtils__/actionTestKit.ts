import type { JsonObject } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { parse } from 'yaml';

/** The backend config the actions read, as a portal with one Prometheus and three teams has it. */
export const testConfig = new ConfigReader({
  app: { baseUrl: 'http://portal.example.com' },
  observability: {
    prometheus: {
      instances: [
        { name: 'demo', baseUrl: 'http://127.0.0.1:9' },
        { name: 'eu', baseUrl: 'http://127.0.0.1:10' },
      ],
    },
    traces: {
      instances: [
        { name: 'jaeger', type: 'jaeger', baseUrl: 'http://127.0.0.1:11' },
      ],
    },
    alertmanager: {
      baseUrl: 'http://127.0.0.1:12',
      receivers: [
        {
          name: 'team-checkout',
          webhook_configs: [{ url: 'http://127.0.0.1:13' }],
        },
        {
          name: 'team-platform',
          webhook_configs: [{ url: 'http://127.0.0.1:13' }],
        },
      ],
    },
  },
});

/** The input of each example's step, as the scaffolder would pass it to the action. */
export function exampleInputs(examples: TemplateExample[], action: string) {
  return examples.map(example => {
    const steps = parse(example.example).steps as Array<{
      action: string;
      input: JsonObject;
    }>;
    const step = steps.find(s => s.action === action);
    if (!step)
      throw new Error(`example '${example.description}' has no ${action} step`);
    return {
      description: example.description,
      input: step.input as JsonObject,
    };
  });
}
