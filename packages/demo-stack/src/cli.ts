/*
 * `demo-stack start|stop [runDir]`: what `make start` and `make stop` call;
 * `demo-stack undeploy <name> [runDir]` takes a scaffolded service's deployment away. Ports come from
 * PROMETHEUS_PORT, ALERTMANAGER_PORT, TRACE_STORE_PORT and GIT_SERVER_PORT (defaults 9090, 9093,
 * 16686 and 8930).
 */
import {
  defaultDemoPorts,
  startDemoStack,
  stopDemoStack,
} from './stack/demoStack';
import { undeployService } from './deployments/deployService';

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'undeploy' && args[0]) {
    const [name, dir = '.run/demo-stack'] = args;
    const removed = await undeployService(dir, name);
    process.stdout.write(
      removed ? `undeployed ${name}\n` : `${name} was not deployed\n`,
    );
    return;
  }
  const [runDir = '.run/demo-stack'] = args;
  if (command === 'start') {
    await stopDemoStack(runDir);
    const stack = await startDemoStack({
      runDir,
      prometheusPort: Number(process.env.PROMETHEUS_PORT ?? 9090),
      alertmanagerPort: Number(process.env.ALERTMANAGER_PORT ?? 9093),
      traceStorePort: Number(process.env.TRACE_STORE_PORT ?? 16686),
      gitServerPort: Number(
        process.env.GIT_SERVER_PORT ?? defaultDemoPorts.gitServer,
      ),
      webhookToken: process.env.OBSERVABILITY_WEBHOOK_TOKEN,
    });
    const lines = [
      `Prometheus     ${stack.prometheusUrl}/classic/targets`,
      `Alertmanager   ${stack.alertmanagerUrl}`,
      `Trace store    ${stack.traceStoreUrl} (a stand-in for Jaeger, demo only)`,
      `Git server     ${stack.gitServerUrl} (local repositories the scaffolder publishes to, demo only)`,
      ...stack.services.map(
        s => `${s.name.padEnd(14)} http://127.0.0.1:${s.port}/metrics`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  if (command === 'stop') {
    const stopped = await stopDemoStack(runDir);
    process.stdout.write(
      stopped.length
        ? `stopped: ${stopped.join(', ')}\n`
        : 'demo stack was not running\n',
    );
    return;
  }
  throw new Error(
    'usage: cli.ts start|stop [runDir] | undeploy <name> [runDir]',
  );
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
