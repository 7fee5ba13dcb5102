import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { exampleEntityInput } from './exampleEntity';

/** Examples shown on the portal's /create/actions page; grafanaDashboard.test.ts runs each one. */
export const examples: TemplateExample[] = [
  {
    description:
      "Write a new service's Grafana dashboard to dashboards/grafana.json",
    example: stringify({
      steps: [
        {
          id: 'dashboard',
          action: 'observability:dashboard:grafana',
          name: 'Grafana dashboard',
          input: exampleEntityInput,
        },
      ],
    }),
  },
];
