import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { serviceGrafanaDashboard } from '@stagewatch/backstage-plugin-observability-node';
import { examples } from './grafanaDashboard.examples';
import { serviceEntity } from './serviceEntity';

/**
 * `observability:dashboard:grafana`: the new entity's Grafana dashboard, the same one the backend
 * serves for existing entities at `GET /entities/:kind/:namespace/:name/dashboards/grafana`.
 *
 * @public
 */
export function createGrafanaDashboardAction(options: { config: Config }) {
  return createTemplateAction({
    id: 'observability:dashboard:grafana',
    description:
      "Writes a Grafana dashboard (JSON model) of a new service's golden signals, SLO budgets and alert annotations, from its profile's queries scoped to it.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        // The entity as catalog-info.yaml will hold it.
        name: z =>
          z.string().describe('The entity name (metadata.name), a DNS label'),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('The entity namespace; default `default`'),
        title: z =>
          z
            .string()
            .optional()
            .describe('The entity title, for dashboard titles'),
        owner: z =>
          z
            .string()
            .describe('The owning group, e.g. group:default/team-checkout'),
        annotations: z =>
          z
            .record(z.string())
            .describe(
              "The entity's annotations, as observability:annotations returned them",
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'File in the workspace; default `dashboards/grafana.json`',
            ),
      },
      output: {
        dashboardFile: z => z.string(),
        uid: z => z.string().describe("The dashboard's stable uid"),
        panels: z => z.number(),
      },
    },
    async handler(ctx) {
      const entity = serviceEntity(ctx.input);
      const file = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.targetPath ?? 'dashboards/grafana.json',
      );
      const model = serviceGrafanaDashboard({ entity, config: options.config });
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(model, null, 2)}\n`);
      const panels = model.panels?.length ?? 0;
      ctx.logger.info(`Grafana dashboard ${model.uid} with ${panels} panels`);
      ctx.output('dashboardFile', relative(ctx.workspacePath, file));
      ctx.output('uid', model.uid!);
      ctx.output('panels', panels);
    },
  });
}
