import { currentContext } from '../correlation/requestContext';
import { instrumentedTask } from './instrumentedTask';
import { PluginMetrics } from './PluginMetrics';

describe('instrumentedTask', () => {
  it('counts and times each run by outcome, each in a trace of its own, and rethrows failures', async () => {
    const metrics = PluginMetrics.create();
    const traces: string[] = [];
    let fail = false;
    const run = instrumentedTask(metrics, 'observability-test', async () => {
      traces.push(currentContext()!.traceId);
      if (fail) throw new Error('upstream down');
    });
    await run();
    await run();
    fail = true;
    await expect(run()).rejects.toThrow('upstream down');

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'observability_task_runs_total{task="observability-test",outcome="success"} 2',
    );
    expect(text).toContain(
      'observability_task_runs_total{task="observability-test",outcome="failure"} 1',
    );
    expect(text).toMatch(
      /observability_task_duration_seconds_count\{task="observability-test",outcome="success"\} 2/,
    );
    expect(new Set(traces).size).toBe(3);
    expect(currentContext()).toBeUndefined();
  });
});
