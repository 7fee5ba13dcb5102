import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  ANNOTATION_ALERT_SELECTOR,
  ANNOTATION_PROMETHEUS_SELECTOR,
} from '@stagewatch/backstage-plugin-observability-common';
import {
  AlertRoute,
  alertRouteFor,
  entitiesForAlert,
} from './alertEntityMapping';

/**
 * The annotated entities and the alerts each claims, read from the catalog with the plugin's own
 * credentials (ingest has no user) and refreshed at most every `maxAgeMs`, so a changed
 * annotation maps new alerts within that time.
 */
export class AlertEntityIndex {
  private routes: AlertRoute[] = [];
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** The entities an alert with these labels belongs to. */
  async entitiesFor(labels: Record<string, string>): Promise<string[]> {
    await this.fresh();
    return entitiesForAlert(labels, this.routes);
  }

  /** Every entity's alert route, fresh as `entitiesFor` keeps them. */
  async allRoutes(): Promise<AlertRoute[]> {
    await this.fresh();
    return this.routes;
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt < this.maxAgeMs) return;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  /** Reloads now; the next `entitiesFor` uses the new annotations. */
  async refresh(): Promise<void> {
    this.loadedAt = 0;
    await this.fresh();
  }

  private async load(): Promise<void> {
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          {
            [`metadata.annotations.${ANNOTATION_PROMETHEUS_SELECTOR}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${ANNOTATION_ALERT_SELECTOR}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const routes: AlertRoute[] = [];
    for (const entity of items) {
      const route = alertRouteFor(entity);
      if (!route) continue;
      if ('error' in route) {
        this.logger.warn(`Alerts are not mapped to ${route.error}`);
        continue;
      }
      routes.push(route);
    }
    this.routes = routes;
    // An empty catalog is most likely one still ingesting at start-up: look again in 5 s
    // rather than filing a minute of alerts under no entity. (The reconciler re-maps those.)
    this.loadedAt =
      routes.length > 0 ? Date.now() : Date.now() - this.maxAgeMs + 5_000;
  }
}
