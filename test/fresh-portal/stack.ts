/*
 * The real Prometheus and Alertmanager the fresh portal is pointed at, with the demo's checkout
 * service as the scraped workload, all on free ports (so a running `make start` is not in the way).
 *   stack.ts start <runDir>   prints {"prometheusUrl", "alertmanagerUrl"} as JSON
 *   stack.ts stop <runDir>
 * Alertmanager's webhook goes to FRESH_PORTAL_WEBHOOK_URL with OBSERVABILITY_WEBHOOK_TOKEN.
 */
import { freePort, startDemoStack, stopDemoStack } from '@internal/demo-stack';

async function main() {
  const [command, runDir] = process.argv.slice(2);
  if (!runDir) throw new Error('usage: stack.ts start|stop <runDir>');
  if (command === 'stop') {
    await stopDemoStack(runDir);
    return;
  }
  const stack = await startDemoStack({
    runDir,
    prometheusPort: await freePort(),
    alertmanagerPort: await freePort(),
    services: [{ name: 'checkout', port: await freePort() }],
    webhookUrl: process.env.FRESH_PORTAL_WEBHOOK_URL,
    webhookToken: process.env.OBSERVABILITY_WEBHOOK_TOKEN,
  });
  process.stdout.write(
    `${JSON.stringify({
      prometheusUrl: stack.prometheusUrl,
      alertmanagerUrl: stack.alertmanagerUrl,
    })}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
