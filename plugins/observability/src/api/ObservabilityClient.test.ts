import { ResponseError } from '@backstage/errors';
import { ObservabilityClient } from './ObservabilityClient';

const entity = { kind: 'Component', namespace: 'default', name: 'checkout' };
const base = 'http://backstage/api/observability';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

function client(answer: () => Response = () => json({})) {
  const requests: Array<{ url: string; init?: RequestInit }> = [];
  const api = new ObservabilityClient({
    discoveryApi: { getBaseUrl: async () => base },
    fetchApi: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push({ url: String(input), init });
        return answer();
      },
    } as any,
  });
  return { api, requests };
}

describe('ObservabilityClient alerts', () => {
  it('asks for a page of alerts over the range, with the state only when given', async () => {
    const { api, requests } = client();
    await api.getAlerts(entity, {
      from: 100,
      to: 200,
      state: 'firing',
      limit: 20,
      offset: 40,
    });
    await api.getAlerts(entity, { from: 100, to: 200 });
    await api.getAlertStats(entity, { from: 100, to: 200 });
    expect(requests.map(r => r.url)).toEqual([
      `${base}/entities/component/default/checkout/alerts?from=100&to=200&state=firing&limit=20&offset=40`,
      `${base}/entities/component/default/checkout/alerts?from=100&to=200`,
      `${base}/entities/component/default/checkout/alerts/stats?from=100&to=200`,
    ]);
  });

  it('posts acknowledgements and silences as JSON and deletes silences', async () => {
    const { api, requests } = client();
    await api.acknowledgeAlert(entity, 'a/1', 'looking');
    await api.unacknowledgeAlert(entity, 'a1');
    await api.silenceAlert(entity, 'a1', { duration: '4h', note: 'deploy' });
    await api.expireAlertSilence(entity, 'a1');
    const alert = `${base}/entities/component/default/checkout/alerts`;
    expect(
      requests.map(r => [r.url, r.init?.method, r.init?.body ?? null]),
    ).toEqual([
      [`${alert}/a%2F1/acknowledge`, 'POST', '{"note":"looking"}'],
      [`${alert}/a1/unacknowledge`, 'POST', '{}'],
      [`${alert}/a1/silence`, 'POST', '{"duration":"4h","note":"deploy"}'],
      [`${alert}/a1/silence`, 'DELETE', null],
    ]);
    expect(requests[0].init?.headers).toEqual({
      'Content-Type': 'application/json',
    });
  });

  it("throws the backend's error with its status", async () => {
    const { api } = client(() =>
      json(
        {
          error: { name: 'NotAllowedError', message: 'Not allowed' },
          response: { statusCode: 403 },
        },
        403,
      ),
    );
    const failure = await api
      .acknowledgeAlert(entity, 'a1')
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ResponseError);
    expect((failure as ResponseError).statusCode).toBe(403);
    expect((failure as ResponseError).body.error.message).toBe('Not allowed');
  });
});

describe('ObservabilityClient rule templates', () => {
  it('reads rules and templates and writes templates on their routes', async () => {
    const { api, requests } = client(() => json({}));
    await api.getEntityAlertRules(entity);
    await api.listRuleTemplates();
    await api.getRuleTemplate('error ratio/x');
    await api.getRuleTemplateVersions('mine');
    const body = {
      title: 'Mine',
      description: '',
      parameters: { type: 'object' as const, properties: {} },
      rules: [{ alert: 'A', expr: 'up == 0' }],
    };
    await api.createRuleTemplate({ id: 'mine', ...body });
    await api.updateRuleTemplate('mine', { ...body, deprecated: true });
    await api.previewRuleTemplate({
      entityRef: 'component:default/checkout',
      annotation: '- template: latency',
    });
    expect(
      requests.map(r => [r.url, r.init?.method ?? 'GET', r.init?.body ?? null]),
    ).toEqual([
      [`${base}/entities/component/default/checkout/alert-rules`, 'GET', null],
      [`${base}/rule-templates`, 'GET', null],
      [`${base}/rule-templates/error%20ratio%2Fx`, 'GET', null],
      [`${base}/rule-templates/mine/versions`, 'GET', null],
      [
        `${base}/rule-templates`,
        'POST',
        JSON.stringify({ id: 'mine', ...body }),
      ],
      [
        `${base}/rule-templates/mine`,
        'PUT',
        JSON.stringify({ ...body, deprecated: true }),
      ],
      [
        `${base}/rule-templates/preview`,
        'POST',
        '{"entityRef":"component:default/checkout","annotation":"- template: latency"}',
      ],
    ]);
  });

  it('reads the rule file as text and deletes without a body', async () => {
    const { api, requests } = client(
      () => new Response('groups: []\n', { status: 200 }),
    );
    await expect(api.getEntityAlertRulesFile(entity)).resolves.toBe(
      'groups: []\n',
    );
    const empty = client(() => new Response(null, { status: 204 }));
    await expect(empty.api.deleteRuleTemplate('mine')).resolves.toBeUndefined();
    expect(requests[0].url).toBe(
      `${base}/entities/component/default/checkout/alert-rules/file`,
    );
    expect(empty.requests[0].init?.method).toBe('DELETE');
  });

  it('throws the backend error of a refused delete', async () => {
    const { api } = client(() =>
      json(
        {
          error: { name: 'ConflictError', message: 'used by checkout' },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    await expect(api.deleteRuleTemplate('mine')).rejects.toBeInstanceOf(
      ResponseError,
    );
  });
});
