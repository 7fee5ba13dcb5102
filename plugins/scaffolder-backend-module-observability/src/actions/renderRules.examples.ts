import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { exampleEntityInput } from './exampleEntity';

/** Examples shown on the portal's /create/actions page; renderRules.test.ts runs each one. */
export const examples: TemplateExample[] = [
  {
    description:
      "Render a new service's rules into rules/ (in a template, pass annotations: ${{ steps['annotations'].output.annotations }})",
    example: stringify({
      steps: [
        {
          id: 'rules',
          action: 'observability:rules:render',
          name: 'Alert and SLO rules',
          input: exampleEntityInput,
        },
      ],
    }),
  },
  {
    description: 'The same into monitoring/',
    example: stringify({
      steps: [
        {
          id: 'rules',
          action: 'observability:rules:render',
          name: 'Alert and SLO rules',
          input: { ...exampleEntityInput, targetPath: 'monitoring' },
        },
      ],
    }),
  },
];
