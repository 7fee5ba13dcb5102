import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAnnotationsAction } from './actions/annotations';
import { createGrafanaDashboardAction } from './actions/grafanaDashboard';
import { createRenderRulesAction } from './actions/renderRules';

/**
 * Adds the observability actions to the scaffolder: `observability:annotations`,
 * `observability:rules:render` and `observability:dashboard:grafana`. They read the
 * `observability` config the backend plugin runs with, so what a template writes is what the
 * plugin will render for the new entity.
 *
 * @public
 */
export const scaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'observability',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolderActions, config, catalog }) {
        scaffolderActions.addActions(
          createAnnotationsAction({ config, catalog }),
          createRenderRulesAction({ config }),
          createGrafanaDashboardAction({ config }),
        );
      },
    });
  },
});
