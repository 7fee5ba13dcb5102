import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';

/**
 * The observability backend plugin: the only part of the portal that talks to Prometheus,
 * Alertmanager and Jaeger, scoping every query to the entity.
 *
 * @public
 */
export const observabilityPlugin = createBackendPlugin({
  pluginId: 'observability',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
      },
      async init({ httpRouter }) {
        httpRouter.use(await createRouter());
        // Load balancers and uptime checks probe health without a Backstage token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
