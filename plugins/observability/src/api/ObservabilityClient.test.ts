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
