import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { deployService } from '@internal/demo-stack';
import { DemoScaffolderConfig } from './demoScaffolderConfig';

/**
 * `demo:deploy:local`, demo only, the stand-in for the deployment a company's CI/CD does after
 * the repository exists: clones the published repository, builds and starts the service on
 * this machine, and adds it to the demo Prometheus' file-based service discovery, so its page
 * fills with data.
 */
export function createDeployServiceAction(options: {
  config: DemoScaffolderConfig;
}) {
  const { runDir, traceEndpoint } = options.config;
  return createTemplateAction({
    id: 'demo:deploy:local',
    description:
      'Demo only: starts the new service from its published repository and has the demo Prometheus scrape it.',
    schema: {
      input: {
        name: z => z.string().describe('The service name (its Prometheus job)'),
        remoteUrl: z => z.string().describe('The published repository'),
        port: z => z.number().describe('The port it listens on'),
        metricsNamespace: z =>
          z
            .string()
            .describe('The namespace label Prometheus gives its series'),
      },
      output: {
        url: z => z.string(),
        metricsUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const { name, remoteUrl, port, metricsNamespace } = ctx.input;
      if (!remoteUrl.startsWith('http://127.0.0.1:')) {
        throw new InputError(
          `input.remoteUrl: the demo deploys from the local git server only, got '${remoteUrl}'`,
        );
      }
      const deployed = await deployService({
        runDir,
        gitUrl: remoteUrl,
        name,
        port,
        namespace: metricsNamespace,
        traceEndpoint,
        logger: {
          info: (m: string) => ctx.logger.info(m),
          warn: (m: string) => ctx.logger.warn(m),
        },
      });
      ctx.logger.info(
        `${name} runs at ${deployed.url}; Prometheus scrapes ${deployed.metricsUrl} (job="${name}", namespace="${metricsNamespace}")`,
      );
      ctx.output('url', deployed.url);
      ctx.output('metricsUrl', deployed.metricsUrl);
    },
  });
}
