/*
 * Traffic for one deployed (scaffolded) service, the stand-in for its users:
 *   node --require @backstage/cli/config/nodeTransform.cjs src/deployments/trafficMain.ts <port> [rps]
 * Sends about `rps` (default 3) requests a second over loopback, as a Poisson process, forever.
 */
import http from 'node:http';

const paths: Array<{ path: string; weight: number }> = [
  { path: '/api/hello?name=demo', weight: 5 },
  { path: '/api/work', weight: 3 },
  { path: '/', weight: 2 },
];
const totalWeight = paths.reduce((sum, p) => sum + p.weight, 0);

function pickPath(): string {
  let r = Math.random() * totalWeight;
  for (const p of paths) {
    r -= p.weight;
    if (r < 0) {
      return p.path;
    }
  }
  return paths[0].path;
}

function main() {
  const port = Number(process.argv[2]);
  const rps = Number(process.argv[3] ?? 3);
  if (!Number.isInteger(port) || port <= 0 || !(rps > 0)) {
    throw new Error('usage: trafficMain.ts <port> [requests per second]');
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    // No demo-traffic header: unlike the demo services' own load, these requests stand for real
    // users, so the service traces them.
    const req = http.get({ host: '127.0.0.1', port, agent, path: pickPath() });
    req.on('response', res => res.resume());
    // The service may be restarting or redeployed; traffic resumes once it answers again.
    req.on('error', () => {});
  };
  const scheduleNext = () => {
    // Exponential gaps make the arrivals Poisson: bursts and lulls, not a metronome.
    const waitMs = (-Math.log(1 - Math.random()) / rps) * 1000;
    timer = setTimeout(() => {
      fire();
      scheduleNext();
    }, waitMs);
  };
  scheduleNext();
  process.stdout.write(`traffic for 127.0.0.1:${port}, about ${rps}/s\n`);
  const shutdown = () => {
    clearTimeout(timer);
    agent.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
}
