import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { demoSignInRefusal } from '../demoSignIn/demoPeople';
import { readDemoScaffolderConfig } from './demoScaffolderConfig';
import { createDeployServiceAction } from './deployServiceAction';
import { createPublishLocalGitAction } from './publishLocalGitAction';

/**
 * Demo only: the two steps of the service-with-monitoring template that stand in for a hosted
 * git provider and a company's CI/CD. Registered only with `observabilityDemo.scaffolder` in
 * config and under the same development-only rule as the demo sign-in, so a production backend
 * never has them.
 */
export const scaffolderModuleObservabilityDemo = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'observability-demo',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolderActions, config, logger }) {
        const demo = readDemoScaffolderConfig(config);
        if (!demo) return;
        const refusal = demoSignInRefusal({
          authEnvironment: config.getOptionalString('auth.environment'),
          nodeEnv: process.env.NODE_ENV,
        });
        if (refusal) {
          logger.warn(
            `The demo scaffolder actions (observabilityDemo.scaffolder) are off because ${refusal}`,
          );
          return;
        }
        scaffolderActions.addActions(
          createPublishLocalGitAction({ config: demo }),
          createDeployServiceAction({ config: demo }),
        );
      },
    });
  },
});
