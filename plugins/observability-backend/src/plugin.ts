import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AlertEntityIndex } from './alerts/AlertEntityIndex';
import { AlertStore } from './alerts/AlertStore';
import { AlertmanagerClient } from './alerts/AlertmanagerClient';
import { AlertReconciler } from './alerts/AlertReconciler';
import { readAlertmanagerRoutingConfig } from './alerts/alertmanagerRoutes';
import { scheduleAlertTasks } from './alerts/scheduleAlertTasks';
import { observabilityPermissions } from '@stagewatch/backstage-plugin-observability-common';
import { EntityAccess } from './entities/EntityAccess';
import { correlatedLogger } from './correlation/correlatedLogger';
import { PluginMetrics } from './metrics/PluginMetrics';
import { PrometheusClient } from './prometheus/PrometheusClient';
import { QueryExecutor } from './prometheus/QueryExecutor';
import { createRouter } from './router';
import { RuleDeliveryReconciler } from './rules/RuleDeliveryReconciler';
import { RuleDeliveryStore } from './rules/RuleDeliveryStore';
import { RuleTemplateCatalog } from './rules/RuleTemplateCatalog';
import { RuleTemplateStore } from './rules/RuleTemplateStore';
import { RuleValidator } from './rules/RuleValidator';
import { scheduleRuleTasks } from './rules/scheduleRuleTasks';
import { createTraceBackend } from './traces/createTraceBackend';
import { readTraceInstances } from './traces/traceConfig';
import { TraceService } from './traces/TraceService';
import {
  readAlertRulesConfig,
  readObservabilityConfig,
} from '@stagewatch/backstage-plugin-observability-node';

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
        httpAuth: coreServices.httpAuth,
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        database: coreServices.database,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        rootConfig,
        logger: rootLogger,
        cache,
        database,
        auth,
        permissions,
        permissionsRegistry,
        scheduler,
        catalog,
      }) {
        // Every line carries the trace id of the request or task it was logged for.
        const logger = correlatedLogger(rootLogger);
        const config = readObservabilityConfig(rootConfig);
        if (config.instances.length === 0) {
          logger.warn(
            'No observability.prometheus.instances configured; entity routes will answer 400',
          );
        }
        const metrics = PluginMetrics.create({ defaultMetrics: false });
        const executor = new QueryExecutor({
          clients: config.instances.map(i => new PrometheusClient(i)),
          cache: config.cache.enabled ? cache : undefined,
          metrics,
          maxTtlSeconds: config.cache.maxTtlSeconds,
        });
        metrics.observeCacheSize('prometheus-results', () =>
          executor.localEntries(),
        );
        const entityAccess = new EntityAccess(
          catalog,
          config.authorizationCacheSeconds * 1000,
        );
        const alertStore = await AlertStore.create(database);
        const ruleTemplateStore = await RuleTemplateStore.create(database);
        const alertIndex = new AlertEntityIndex(catalog, auth, logger);
        const alertmanager = config.alertmanager
          ? new AlertmanagerClient(config.alertmanager)
          : undefined;
        permissionsRegistry.addPermissions(observabilityPermissions);
        await scheduleAlertTasks({
          scheduler,
          logger,
          config,
          reconciler: new AlertReconciler({
            store: alertStore,
            index: alertIndex,
            logger,
            alertmanager,
            executor,
            metrics,
          }),
          store: alertStore,
          metrics,
        });
        const alertRules = readAlertRulesConfig(
          rootConfig,
          new Map(config.instances.map(i => [i.name, i.apiBaseUrl])),
        );
        const ruleDeliveries = await RuleDeliveryStore.create(database);
        const ruleTemplates = new RuleTemplateCatalog(ruleTemplateStore);
        const ruleValidator = new RuleValidator(alertRules.promtool);
        await scheduleRuleTasks({
          scheduler,
          logger,
          intervalSeconds: alertRules.intervalSeconds,
          metrics,
          reconciler: new RuleDeliveryReconciler({
            catalog,
            auth,
            logger,
            store: ruleDeliveries,
            templates: ruleTemplates,
            config,
            rules: alertRules,
            validator: ruleValidator,
          }),
        });
        const traceInstances = readTraceInstances(rootConfig);
        const traces = new TraceService({
          instances: traceInstances,
          backends: traceInstances.map(createTraceBackend),
          metrics,
          cache: config.cache.enabled ? cache : undefined,
          now: () => Date.now() / 1000,
        });
        httpRouter.use(
          await createRouter({
            traces,
            cache: config.cache.enabled ? cache : undefined,
            logger,
            alertStore,
            alertIndex,
            alertmanager,
            permissions,
            httpAuth,
            catalog,
            config,
            executor,
            metrics,
            entityAccess,
            appBaseUrl: rootConfig.getOptionalString('app.baseUrl'),
            checkDatabase: () => alertStore.ping(),
            alertmanagerRoutes: {
              auth,
              routing: readAlertmanagerRoutingConfig(rootConfig),
            },
            ruleTemplates: { store: ruleTemplateStore, auth, alertRules },
            entityRules: {
              rules: alertRules,
              templates: ruleTemplates,
              store: ruleDeliveries,
              validator: ruleValidator,
            },
          }),
        );
        // Probes and scrapers reach these without a Backstage token; neither reveals entity data.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({
          path: '/metrics',
          allow: 'unauthenticated',
        });
        logger.info(
          `Observability: ${config.instances.length} Prometheus instance(s), ${
            traceInstances.length
          } trace instance(s), profiles ${[...config.profiles.keys()].join(
            ', ',
          )}`,
        );
      },
    });
  },
});
