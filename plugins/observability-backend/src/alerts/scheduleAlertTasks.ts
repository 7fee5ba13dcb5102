import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { AlertReconciler } from './AlertReconciler';
import { AlertStore } from './AlertStore';
import { instrumentedTask } from '../metrics/instrumentedTask';
import { PluginMetrics } from '../metrics/PluginMetrics';
import { ObservabilityConfig } from '@stagewatch/backstage-plugin-observability-node';

/**
 * The reconciler and the retention cleanup, as global tasks: with several backend replicas on
 * one database, one replica runs each at a time.
 */
export async function scheduleAlertTasks(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  config: ObservabilityConfig;
  reconciler: AlertReconciler;
  store: AlertStore;
  metrics: PluginMetrics;
}) {
  const { scheduler, logger, config, reconciler, store, metrics } = options;
  await scheduler.scheduleTask({
    id: 'observability-alerts-reconcile',
    scope: 'global',
    frequency: { seconds: config.alerts.reconcileIntervalSeconds },
    timeout: { minutes: 5 },
    // Soon after start, to catch up with what fired while the backend was down.
    initialDelay: { seconds: 10 },
    fn: instrumentedTask(
      metrics,
      'observability-alerts-reconcile',
      async () => {
        const result = await reconciler.run();
        const changes =
          result.recordedFromAlertmanager +
          result.recordedFromPrometheus +
          result.resolved +
          result.remapped +
          result.lapsedSilences;
        if (changes > 0) {
          logger.info(
            `Alert reconciliation: ${result.recordedFromAlertmanager} from Alertmanager, ${result.recordedFromPrometheus} from Prometheus ALERTS, ${result.resolved} resolved, ${result.remapped} re-mapped, ${result.lapsedSilences} silences ended`,
          );
        }
      },
    ),
  });
  await scheduler.scheduleTask({
    id: 'observability-alerts-retention',
    scope: 'global',
    frequency: { seconds: config.alerts.retentionIntervalSeconds },
    timeout: { minutes: 30 },
    initialDelay: {
      seconds: Math.min(60, config.alerts.retentionIntervalSeconds),
    },
    fn: instrumentedTask(
      metrics,
      'observability-alerts-retention',
      async () => {
        const before = new Date(
          Date.now() - config.alerts.retentionDays * 86400_000,
        );
        const deleted = await store.deleteResolvedBefore(before);
        if (deleted > 0) {
          logger.info(
            `Alert retention: deleted ${deleted} alerts resolved before ${before.toISOString()} (retentionDays ${
              config.alerts.retentionDays
            })`,
          );
        }
      },
    ),
  });
}
