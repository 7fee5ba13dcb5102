import { startRecordedShapeRuler } from '../../__testUtils__/recordedShapeRuler';
import { RulerClient } from './RulerClient';

// No Mimir, Cortex or Loki can run here: the ruler is a recorded-shape stand-in (see it).

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
      tenant: 'team-a',
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
