import {
  CacheService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_PROMETHEUS_SELECTOR,
  ANNOTATION_SLOS,
  HealthResponse,
  QueryResponse,
} from '@stagewatch/backstage-plugin-observability-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseInput } from './service/parseInput';
import { sendJson } from './service/serializedJson';
import {
  enterRequestContext,
  startRequestContext,
} from './correlation/correlationMiddleware';
import { httpMetricsMiddleware } from './metrics/httpMetricsMiddleware';
import { AlertEntityIndex } from './alerts/AlertEntityIndex';
import { AlertmanagerClient } from './alerts/AlertmanagerClient';
import { addAlertRoutes, webhookJson } from './alerts/alertRoutes';
import {
  addAlertmanagerRoutesRoute,
  AlertmanagerRoutesRouteOptions,
} from './alerts/alertmanagerRoutesRoute';
import { AlertStore } from './alerts/AlertStore';
import { EntityAccess } from './entities/EntityAccess';
import { withAlerts } from './health/alertReasons';
import { PluginMetrics } from './metrics/PluginMetrics';
import { OverviewService } from './overview/OverviewService';
import { QueryExecutor } from './prometheus/QueryExecutor';
import { EntitySignalsService } from './service/EntitySignalsService';
import { addQueryRoute } from './service/queryRoute';
import { WarmAnswers } from './service/WarmAnswers';
import { SloStatusService } from './slo/SloStatusService';
import {
  addRuleTemplateRoutes,
  RuleTemplateRoutesOptions,
} from './rules/ruleTemplateRoutes';
import { addTraceRoutes } from './traces/traceRoutes';
import { LatencyExemplarService } from './traces/latencyExemplars';
import { TraceService } from './traces/TraceService';
import {
  addEntityRuleRoutes,
  EntityRuleRouteDeps,
} from './rules/entityRuleRoutes';
import {
  ObservabilityConfig,
  entityGrafanaDashboard,
  generateSloRules,
  readEntitySlos,
  resolveEntityScope,
} from '@stagewatch/backstage-plugin-observability-node';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  config: ObservabilityConfig;
  executor: QueryExecutor;
  metrics: PluginMetrics;
  entityAccess: EntityAccess;
  logger: LoggerService;
  alertStore: AlertStore;
  alertIndex: AlertEntityIndex;
  permissions: PermissionsService;
  /** Where silences are created; absent when not configured. */
  alertmanager?: AlertmanagerClient;
  /** Answers whether the plugin's database is reachable. */
  checkDatabase: () => Promise<void>;
  /** Routing alerts to owning groups' receivers; absent: /alertmanager/routes is not mounted. */
  alertmanagerRoutes?: Pick<AlertmanagerRoutesRouteOptions, 'auth' | 'routing'>;
  /** The entity alert-rule routes; absent: not mounted. */
  entityRules?: Omit<
    EntityRuleRouteDeps,
    'httpAuth' | 'catalog' | 'config' | 'loadEntity'
  >;
  /** Custom rule templates and previews; absent: the rule-template routes are not mounted. */
  ruleTemplates?: Pick<
    RuleTemplateRoutesOptions,
    'store' | 'auth' | 'alertRules'
  >;
  /** The entity trace routes; absent: only the exemplar route is mounted. */
  traces?: TraceService;
  /** The shared cache for trace and exemplar results. */
  cache?: CacheService;
  /** The portal's `app.baseUrl`: generated dashboards link back to the entity's page. */
  appBaseUrl?: string;
  now?: () => number;
}

const seconds = z.coerce.number().finite();
const signalsQuery = z.object({
  from: seconds.optional(),
  to: seconds.optional(),
  step: seconds.positive().optional(),
});
const overviewQuery = z.object({
  owner: z.string().optional(),
  system: z.string().optional(),
  kind: z.string().optional(),
});

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, config, executor, metrics, entityAccess } =
    options;
  const now = options.now ?? (() => Date.now() / 1000);
  const signals = new EntitySignalsService(config, executor, now);
  const overview = new OverviewService(config, executor, now);
  const sloStatus = new SloStatusService(executor, now);
  const router = Router();
  // One layer for the request's trace context and its timing: every layer costs every request.
  const startContext = startRequestContext();
  const timeRequest = httpMetricsMiddleware(metrics, options.logger);
  router.use((req, res, next) =>
    startContext(req, res, () => timeRequest(req, res, next)),
  );
  const apiJson = express.json({ limit: '64kb' });
  router.use((req, res, next) =>
    req.path === '/alerts/webhook'
      ? webhookJson(req, res, next)
      : apiJson(req, res, next),
  );
  router.use(enterRequestContext());

  /** Firing alerts per entity; a store failure is a warning, never a failed page. */
  async function countFiring(entityRefs: string[]) {
    try {
      return { counts: await options.alertStore.firingCounts(entityRefs) };
    } catch (error) {
      options.logger.warn(`Could not count firing alerts: ${error}`);
      return {
        error: `Firing alerts not counted (alert store unavailable): ${
          (error as Error).message
        }`,
      };
    }
  }

  /** The entity, loaded with the caller's credentials, and its scope. */
  async function loadEntity(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const { entity, expiresAt } = await entityAccess.access(
      { kind, namespace, name },
      credentials,
    );
    return {
      entity,
      target: resolveEntityScope(entity, config),
      accessExpiresAt: expiresAt,
    };
  }
  const entityTarget = async (req: express.Request) =>
    (await loadEntity(req)).target;

  router.get('/entities/:kind/:namespace/:name/summary', async (req, res) => {
    const { entity, target } = await loadEntity(req);
    const [summary, firing] = await Promise.all([
      signals.summary(target, readEntitySlos(entity)),
      countFiring([target.entityRef]),
    ]);
    const count = firing.counts?.get(target.entityRef);
    if (count) {
      summary.firingAlerts = count;
      summary.health = withAlerts(summary.health, count);
    }
    if (firing.error) summary.warnings.push(firing.error);
    res.json(summary);
  });

  router.get('/entities/:kind/:namespace/:name/signals', async (req, res) => {
    const q = parseInput(signalsQuery, req.query, 'signals query');
    const target = await entityTarget(req);
    const to = q.to ?? now();
    const from = q.from ?? to - 3600;
    sendJson(
      req,
      res,
      await signals.signals(target, { from, to, step: q.step }),
    );
  });

  const warmAnswers = new WarmAnswers<QueryResponse>();
  metrics.observeCacheSize('query-answers', () => warmAnswers.size);
  addQueryRoute(router, {
    httpAuth,
    loadEntity,
    signals,
    metrics,
    warmAnswers,
  });

  /** The entity's SLOs; a 400 naming the annotation when they are missing or malformed. */
  async function loadSlos(req: express.Request) {
    const { entity, target } = await loadEntity(req);
    const slos = readEntitySlos(entity);
    if (slos.status === 'none') {
      throw new InputError(
        `${target.entityRef} has no ${ANNOTATION_SLOS} annotation`,
      );
    }
    if (slos.status === 'invalid') throw new InputError(slos.error);
    return { target, slos: slos.slos };
  }

  router.get('/entities/:kind/:namespace/:name/slos', async (req, res) => {
    const { target, slos } = await loadSlos(req);
    res.json(await sloStatus.status(target, slos));
  });

  router.get(
    '/entities/:kind/:namespace/:name/slos/rules',
    async (req, res) => {
      const { target, slos } = await loadSlos(req);
      const rules = generateSloRules({
        entityRef: target.entityRef,
        matchers: target.matchers,
        profile: target.profile,
        slos,
      });
      res.type('application/yaml').send(rules);
    },
  );

  /** The entity's Grafana dashboard (JSON model), to import into the team's Grafana. */
  router.get(
    '/entities/:kind/:namespace/:name/dashboards/grafana',
    async (req, res) => {
      const { entity } = await loadEntity(req);
      const model = entityGrafanaDashboard(entity, config, options.appBaseUrl);
      if (req.query.download !== undefined) {
        res.attachment(`${entity.metadata.name}.grafana.json`);
      }
      res.json(model);
    },
  );

  addAlertRoutes(router, {
    httpAuth,
    logger: options.logger,
    store: options.alertStore,
    index: options.alertIndex,
    permissions: options.permissions,
    alertmanager: options.alertmanager,
    metrics,
    loadEntity: async req => {
      const { entity, target } = await loadEntity(req);
      const owner = entity.spec?.owner;
      return {
        entityRef: target.entityRef,
        owner: typeof owner === 'string' ? owner : undefined,
      };
    },
    now,
    permissionHintTtlMs: config.authorizationCacheSeconds * 1000,
  });

  addTraceRoutes(router, {
    traces:
      options.traces ??
      new TraceService({ instances: [], backends: [], metrics, now }),
    exemplars: new LatencyExemplarService(executor, metrics, options.cache),
    loadEntity: async req => (await loadEntity(req)).entity,
    loadTarget: entityTarget,
    now,
  });

  if (options.entityRules) {
    addEntityRuleRoutes(router, {
      ...options.entityRules,
      httpAuth,
      catalog,
      config,
      loadEntity: async req => (await loadEntity(req)).entity,
    });
  }

  if (options.ruleTemplates) {
    addRuleTemplateRoutes(router, {
      ...options.ruleTemplates,
      httpAuth,
      permissions: options.permissions,
      catalog,
      config,
    });
  }

  if (options.alertmanagerRoutes) {
    addAlertmanagerRoutesRoute(router, {
      ...options.alertmanagerRoutes,
      httpAuth,
      catalog,
      logger: options.logger,
    });
  }

  router.get('/overview', async (req, res) => {
    const q = parseInput(overviewQuery, req.query, 'overview query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const filter: Record<string, string | symbol> = {
      [`metadata.annotations.${ANNOTATION_PROMETHEUS_SELECTOR}`]:
        CATALOG_FILTER_EXISTS,
    };
    if (q.kind) filter.kind = q.kind;
    if (q.owner) {
      filter['relations.ownedBy'] = stringifyEntityRef(
        parseEntityRef(q.owner, { defaultKind: 'group' }),
      );
    }
    if (q.system) {
      filter['relations.partOf'] = stringifyEntityRef(
        parseEntityRef(q.system, { defaultKind: 'system' }),
      );
    }
    const { items } = await catalog.getEntities(
      {
        filter,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
          'spec.owner',
          'spec.system',
        ],
      },
      { credentials },
    );
    const [body, firing] = await Promise.all([
      overview.overview(items),
      countFiring(items.map(e => stringifyEntityRef(e))),
    ]);
    for (const row of body.rows) {
      const count = firing.counts?.get(row.entityRef);
      if (!count) continue;
      row.firingAlerts = count;
      row.health = withAlerts(row.health, count);
    }
    if (firing.error) body.warnings.push(firing.error);
    res.json(body);
  });

  router.get('/health', async (_req, res) => {
    const instances = await Promise.all(
      executor.instanceNames().map(async name => {
        try {
          const info = await executor.client(name).buildInfo();
          return { name, status: 'up' as const, version: info.version };
        } catch (error) {
          return {
            name,
            status: 'down' as const,
            error: (error as Error).message,
          };
        }
      }),
    );
    let database: HealthResponse['database'];
    try {
      await options.checkDatabase();
      database = { status: 'up' };
    } catch (error) {
      database = { status: 'down', error: (error as Error).message };
    }
    const traceInstances = options.traces ? await options.traces.health() : [];
    const allUp =
      instances.every(i => i.status === 'up') &&
      traceInstances.every(i => i.status === 'up') &&
      database.status === 'up';
    const body: HealthResponse = {
      status: allUp ? 'ok' : 'degraded',
      instances,
      traceInstances,
      database,
    };
    res.json(body);
  });

  router.get('/metrics', async (_req, res) => {
    res
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });

  return router;
}
