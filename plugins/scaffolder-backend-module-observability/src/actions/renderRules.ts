import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { renderServiceRules } from '@stagewatch/backstage-plugin-observability-node';
import { examples } from './renderRules.examples';
import { serviceEntity } from './serviceEntity';

/**
 * `observability:rules:render`: the new entity's alert and SLO rules, rendered by the backend's
 * own renderer with the backend's config (the rules it will deliver once the entity exists),
 * checked by promtool, written with a `promtool test rules` file into the workspace.
 *
 * @public
 */
export function createRenderRulesAction(options: { config: Config }) {
  return createTemplateAction({
    id: 'observability:rules:render',
    description:
      "Renders a new service's alert and SLO rules as the observability backend delivers them, validates them with promtool and writes the rule file and a promtool test file into the workspace.",
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
              'Folder in the workspace for the two files; default `rules`',
            ),
      },
      output: {
        ruleFile: z =>
          z.string().describe('Path of the rule file in the workspace'),
        testFile: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the promtool test file; absent when none could be written',
            ),
        instance: z =>
          z
            .string()
            .describe('The Prometheus instance the backend delivers them to'),
        alerts: z => z.number(),
        recordingRules: z => z.number(),
        tests: z => z.array(z.string()).describe('What the test file checks'),
      },
    },
    async handler(ctx) {
      const entity = serviceEntity(ctx.input);
      const folder = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.targetPath ?? 'rules',
      );
      const files = await renderServiceRules({
        entity,
        config: options.config,
      });
      if (!files.validation.valid) {
        throw new InputError(
          `The rules of ${files.entityRef} do not validate: ${[
            ...files.validation.problems.map(
              p => `${p.template}: ${p.message}`,
            ),
            ...(files.validation.promtoolMessage
              ? [`promtool check rules: ${files.validation.promtoolMessage}`]
              : []),
          ].join('; ')}`,
        );
      }
      if (files.validation.promtool === 'unavailable') {
        ctx.logger.warn(
          'promtool is not installed on the backend: the rules passed the plugin’s own checks only',
        );
      }
      await mkdir(folder, { recursive: true });
      const rulePath = join(folder, files.ruleFileName);
      await writeFile(rulePath, files.ruleFile);
      const inWorkspace = (p: string) => relative(ctx.workspacePath, p);
      ctx.output('ruleFile', inWorkspace(rulePath));
      if (files.testFile) {
        const testPath = join(
          dirname(rulePath),
          files.ruleFileName.replace(/\.yml$/, '.test.yml'),
        );
        await writeFile(testPath, files.testFile);
        ctx.output('testFile', inWorkspace(testPath));
      } else {
        ctx.logger.warn(`No promtool test file: ${files.testsSkipped}`);
      }
      ctx.logger.info(
        `${files.alerts} alerts and ${files.recordingRules} recording rules for ${files.entityRef}, delivered to ${files.instance} once it is in the catalog`,
      );
      ctx.output('instance', files.instance);
      ctx.output('alerts', files.alerts);
      ctx.output('recordingRules', files.recordingRules);
      ctx.output('tests', files.tests);
    },
  });
}
