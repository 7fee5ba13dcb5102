import http from 'node:http';
import { parse } from 'yaml';
import { RulerClient } from './RulerClient';

/*
 * No Mimir, Cortex or Loki can run here (none is packaged for this system), so the client is
 * tested against a small local server that answers in the documented shapes of Mimir's ruler
 * API (grafana/mimir docs/sources/mimir/references/http-api, pkg/ruler/api.go): 202
 * {"status":"success"} on store and delete, 404 for a missing namespace, 401 without the tenant
 * header (X-Scope-OrgID with multitenancy enabled), YAML map namespace → groups on GET.
 */
function startRecordedShapeRuler() {
  const namespaces = new Map<string, Map<string, unknown>>();
  const requests: Array<{ method: string; url: string; type?: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: req.url!,
        type: req.headers['content-type'],
      });
      if (req.headers['x-scope-orgid'] !== 'team-a') {
        res.writeHead(401).end('no org id\n');
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

describe('RulerClient on the documented ruler API', () => {
  const ruler = startRecordedShapeRuler();
  let baseUrl: string;
  const group = {
    name: 'backstage:component:default/checkout',
    rules: [
      {
        alert: 'HighErrorRatio',
        expr: 'up{job="checkout"} == 0',
        labels: { severity: 'page' },
      },
    ],
  };

  beforeAll(async () => {
    await new Promise<void>(r => ruler.server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${
      (ruler.server.address() as { port: number }).port
    }`;
  });
  afterAll(() => ruler.server.close());

  const client = (headers = { 'X-Scope-OrgID': 'team-a' }) =>
    new RulerClient({ baseUrl, pathPrefix: '/prometheus', headers });

  it('answers undefined for a namespace that does not exist and [] when the tenant has none', async () => {
    expect(
      await client().getNamespace('backstage_component_default_checkout'),
    ).toBeUndefined();
    expect(await client().listNamespaces()).toEqual([]);
  });

  it('stores one group per namespace as YAML with the tenant header, and reads it back', async () => {
    await client().setGroup('backstage_component_default_checkout', group);
    const post = ruler.requests.find(r => r.method === 'POST')!;
    expect(post).toEqual({
      method: 'POST',
      url: '/prometheus/config/v1/rules/backstage_component_default_checkout',
      type: 'application/yaml',
    });
    expect(
      await client().getNamespace('backstage_component_default_checkout'),
    ).toEqual([group]);
    expect(await client().listNamespaces()).toEqual([
      'backstage_component_default_checkout',
    ]);
  });

  it('deletes a namespace (202), and a missing one is no error', async () => {
    await client().deleteNamespace('backstage_component_default_checkout');
    expect(ruler.namespaces.size).toBe(0);
    await expect(
      client().deleteNamespace('backstage_component_default_gone'),
    ).resolves.toBeUndefined();
  });

  it('fails with the status and the body when the ruler refuses', async () => {
    await expect(
      client({ 'X-Scope-OrgID': 'other' }).setGroup('ns', group),
    ).rejects.toThrow(
      /POST .*\/prometheus\/config\/v1\/rules\/ns answered 401: no org id/,
    );
    await expect(
      client().setGroup('ns', { name: '', rules: [] }),
    ).rejects.toThrow(/answered 400: invalid rules config/);
  });

  it('escapes the namespace in the path', async () => {
    await client().setGroup('backstage_a/b c', group);
    expect(ruler.requests.at(-1)!.url).toBe(
      '/prometheus/config/v1/rules/backstage_a%2Fb%20c',
    );
  });

  it('reports a ruler that cannot be reached', async () => {
    const closed = new RulerClient({
      baseUrl: 'http://127.0.0.1:1',
      pathPrefix: '',
      headers: {},
    });
    await expect(closed.listNamespaces()).rejects.toThrow(
      /GET http:\/\/127.0.0.1:1\/config\/v1\/rules failed: /,
    );
  });
});
