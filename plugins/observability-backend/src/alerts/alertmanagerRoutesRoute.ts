import {
  AuthService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_ALERT_RECEIVER } from '@stagewatch/backstage-plugin-observability-common';
import type express from 'express';
import {
  AlertmanagerRoutingConfig,
  owningGroups,
  renderAlertmanagerRoutes,
} from './alertmanagerRoutes';

export interface AlertmanagerRoutesRouteOptions {
  httpAuth: HttpAuthService;
  auth: AuthService;
  catalog: CatalogService;
  logger: LoggerService;
  routing: AlertmanagerRoutingConfig;
}

/**
 * `GET /alertmanager/routes`: the Alertmanager route subtree and receivers for every Group with
 * an `observability/alert-receiver` annotation, as YAML. The Groups are read with the plugin's
 * own credentials, because routing covers every team whatever the caller may see. Receiver
 * settings carry secrets (webhook URLs, keys), so only service callers — the job that writes
 * alertmanager.yml, with a static token — get them; signed-in users see them as `<secret>`.
 */
export function addAlertmanagerRoutesRoute(
  router: express.Router,
  options: AlertmanagerRoutesRouteOptions,
) {
  const { httpAuth, auth, catalog, logger, routing } = options;
  router.get('/alertmanager/routes', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { items } = await catalog.getEntities(
      {
        filter: {
          kind: 'Group',
          [`metadata.annotations.${ANNOTATION_ALERT_RECEIVER}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const rendered = renderAlertmanagerRoutes(owningGroups(items), routing, {
      redactSecrets: !auth.isPrincipal(credentials, 'service'),
    });
    for (const warning of rendered.warnings) {
      logger.warn(`Alertmanager routes: ${warning}`);
    }
    res.type('application/yaml').send(rendered.yaml);
  });
}
