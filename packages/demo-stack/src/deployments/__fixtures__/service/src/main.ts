/*
 * The smallest service of the shape the demo deploys (tests only; the scaffolder's real skeleton
 * lives elsewhere): PORT from the environment, /health/ready, /metrics, /api/hello, /api/work, /.
 */
import http from 'node:http';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

const greeting = 'Hello';

const registry = new Registry();
collectDefaultMetrics({ register: registry });
const requests = new Counter({
  name: 'http_requests_total',
  help: 'Requests served, by route',
  labelNames: ['route'],
  registers: [registry],
});

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const json = (body: unknown) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  switch (url.pathname) {
    case '/metrics':
      res.writeHead(200, { 'Content-Type': registry.contentType });
      res.end(await registry.metrics());
      return;
    case '/health/ready':
      json({ status: 'ready' });
      return;
    case '/api/hello':
      requests.inc({ route: '/api/hello' });
      json({
        message: `${greeting}, ${url.searchParams.get('name') ?? 'you'}`,
      });
      return;
    case '/api/work':
      requests.inc({ route: '/api/work' });
      json({ done: true });
      return;
    case '/':
      requests.inc({ route: '/' });
      json({ service: process.env.OTEL_SERVICE_NAME ?? 'fixture' });
      return;
    default:
      res.writeHead(404);
      res.end();
  }
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
