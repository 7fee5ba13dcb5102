import { newContext, runWithContext } from '../correlation/requestContext';
import { PluginMetrics } from './PluginMetrics';

/**
 * A scheduled task's function, counted and timed in the plugin's metrics by outcome, in a trace
 * context of its own so its log lines and upstream requests share one id. With replicas, the
 * sum of `observability_task_runs_total` over them shows that one ran each interval.
 */
export function instrumentedTask(
  metrics: PluginMetrics,
  task: string,
  fn: () => Promise<void>,
): () => Promise<void> {
  return () =>
    runWithContext(newContext(), async () => {
      const stop = metrics.taskDuration.startTimer({ task });
      let outcome = 'success';
      try {
        await fn();
      } catch (error) {
        outcome = 'failure';
        throw error;
      } finally {
        stop({ outcome });
        metrics.taskRuns.inc({ task, outcome });
      }
    });
}
