import { PluginMetrics } from './PluginMetrics';

/** Times an upstream call into the plugin's metrics, by instance and outcome. */
export async function timedUpstream<T>(
  metrics: PluginMetrics,
  instance: string,
  call: () => Promise<T>,
): Promise<T> {
  const stop = metrics.upstreamDuration.startTimer({ instance });
  let outcome = 'success';
  try {
    return await call();
  } catch (error) {
    outcome =
      (error as Error).name === 'UpstreamTimeoutError' ? 'timeout' : 'error';
    throw error;
  } finally {
    stop({ outcome });
    metrics.upstreamRequests.inc({ instance, outcome });
  }
}
