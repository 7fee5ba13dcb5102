import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { RuleDeliveryReconciler } from './RuleDeliveryReconciler';
import { instrumentedTask } from '../metrics/instrumentedTask';
import { PluginMetrics } from '../metrics/PluginMetrics';

/**
 * The rule delivery as a global task: with several backend replicas on one database, one
 * replica writes rule files and reloads Prometheus at a time.
 */
export async function scheduleRuleTasks(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  reconciler: RuleDeliveryReconciler;
  intervalSeconds: number;
  metrics: PluginMetrics;
}) {
  const { scheduler, logger, reconciler, intervalSeconds, metrics } = options;
  await scheduler.scheduleTask({
    id: 'observability-rules-deliver',
    scope: 'global',
    frequency: { seconds: intervalSeconds },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 15 },
    fn: instrumentedTask(metrics, 'observability-rules-deliver', async () => {
      const result = await reconciler.run();
      if (result.written + result.removed + result.notDelivered > 0) {
        logger.info(
          `Rule delivery: ${result.entities} entities, ${result.written} written, ${result.removed} removed, ${result.unchanged} unchanged, ${result.notDelivered} not delivered, ${result.reloads} reload(s)`,
        );
      }
      for (const error of result.errors) logger.warn(`Rule delivery: ${error}`);
    }),
  });
}
