import http from 'node:http';
import { parse } from 'yaml';

/*
 * No Mimir, Cortex or Loki can run here (none is packaged for this system), so the client is
 * tested against a small local server that answers in the documented shapes of Mimir's ruler
 * API (grafana/mimir docs/sources/mimir/references/http-api, pkg/ruler/api.go): 202
 * {"status":"success"} on store and delete, 404 for a missing namespace, 401 without the tenant
 * header (X-Scope-OrgID with multitenancy enabled), YAML map namespace → groups on GET; and
 * its Prometheus-compatible `GET /prometheus/api/v1/rules`, where a group's `file` is its
 * namespace and Mimir always sends `lastError` (empty when there is none).
 */
export function startRecordedShapeRuler(
  options: {
    /** Namespaces whose store the ruler refuses with a 400, as Mimir does for a bad group. */
    refuse?: (namespace: string) => boolean;
  } = {},
) {
  const namespaces = new Map<string, Map<string, unknown>>();
  const requests: Array<{
    method: string;
    url: string;
    type?: string;
    tenant?: string;
  }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: req.url!,
        type: req.headers['content-type'],
        tenant: req.headers['x-scope-orgid'] as string | undefined,
      });
      if (req.headers['x-scope-orgid'] !== 'team-a') {
        res.writeHead(401).end('no org id\n');
        return;
      }
      if (req.method === 'GET' && req.url === '/prometheus/api/v1/rules') {
        const groups = [...namespaces.entries()].flatMap(([file, g]) =>
          [...g.values()].map(group => {
            const { name, rules } = group as {
              name: string;
              rules: Array<{ alert?: string; record?: string }>;
            };
            return {
              name,
              file,
              rules: rules.map(r => ({
                name: r.alert ?? r.record,
                type: r.alert ? 'alerting' : 'recording',
                health: 'ok',
                lastError: '',
                lastEvaluation: '2026-12-03T12:00:00Z',
                ...(r.alert ? { state: 'inactive' } : {}),
              })),
            };
          }),
        );
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ status: 'success', data: { groups } }));
        return;
      }
      const m = /^\/prometheus\/config\/v1\/rules(?:\/([^/]+))?$/.exec(
        req.url!,
      );
      if (!m) {
        res.writeHead(404).end('404 page not found\n');
        return;
      }
      const ns = m[1] && decodeURIComponent(m[1]);
      const accepted = () =>
        res
          .writeHead(202, { 'Content-Type': 'application/json' })
          .end('{"status":"success","data":null,"errorType":"","error":""}');
      if (req.method === 'POST' && ns) {
        if (req.headers['content-type'] !== 'application/yaml') {
          res.writeHead(400).end('unsupported content type\n');
          return;
        }
        if (options.refuse?.(ns)) {
          res
            .writeHead(400)
            .end('invalid rules config: rule group refused by this test\n');
          return;
        }
        const group = parse(body) as { name?: string };
        if (!group?.name) {
          res
            .writeHead(400)
            .end('invalid rules config: rule group name must not be empty\n');
          return;
        }
        const groups = namespaces.get(ns) ?? new Map();
        groups.set(group.name, group);
        namespaces.set(ns, groups);
        accepted();
      } else if (req.method === 'GET' && ns) {
        const groups = namespaces.get(ns);
        if (!groups) {
          res.writeHead(404).end('no rule groups found\n');
          return;
        }
        res
          .writeHead(200, { 'Content-Type': 'application/yaml' })
          .end(
            `${ns}:\n${[...groups.values()]
              .map(g => `  - ${JSON.stringify(g)}`)
              .join('\n')}\n`,
          );
      } else if (req.method === 'GET') {
        if (namespaces.size === 0) {
          res.writeHead(404).end('no rule groups found\n');
          return;
        }
        res
          .writeHead(200, { 'Content-Type': 'application/yaml' })
          .end(
            [...namespaces.entries()]
              .map(
                ([n, g]) =>
                  `${n}:\n${[...g.values()]
                    .map(x => `  - ${JSON.stringify(x)}`)
                    .join('\n')}`,
              )
              .join('\n'),
          );
      } else if (req.method === 'DELETE' && ns) {
        namespaces.delete(ns);
        accepted();
      } else {
        res.writeHead(405).end();
      }
    });
  });
  return { server, namespaces, requests };
}
