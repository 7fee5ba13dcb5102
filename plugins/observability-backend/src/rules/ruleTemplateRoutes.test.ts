import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ruleTemplateManagePermission } from '@stagewatch/backstage-plugin-observability-common';
import request from 'supertest';
import { observabilityPlugin } from '../plugin';
import { component, selector } from '../__testUtils__/entities';
import { sqliteDatabaseFactory } from '../__testUtils__/sqliteDatabase';

// The rule-template routes on the real plugin with its real SQLite store and the real promtool
// (installed here, as in the demo). Permission decisions come from a mock policy that lets only
// carol manage templates, as the demo policy does for team-platform.
jest.setTimeout(60_000);

const entities = [
  component('checkout', selector('checkout'), { owner: 'team-checkout' }),
  component(
    'payments',
    {
      ...selector('payments'),
      'observability/alert-rules':
        '- template: queue-backlog\n  params: { threshold: 5 }\n',
    },
    { owner: 'team-payments' },
  ),
  component('secret', selector('secret')),
  component('no-metrics'),
];

const carol = mockCredentials.user.header('user:default/carol');
const bob = mockCredentials.user.header('user:default/bob');
const mallory = mockCredentials.user.header('user:default/mallory');
const nobody = mockCredentials.none.header();

const template = (over: Record<string, unknown> = {}) => ({
  id: 'queue-backlog',
  title: 'Queue backlog',
  description: 'Jobs wait in the queue for too long',
  parameters: {
    type: 'object',
    properties: {
      threshold: { type: 'number', default: 100, minimum: 0 },
      for: { type: 'string', format: 'duration', default: '10m' },
      severity: { type: 'string', enum: ['page', 'ticket'], default: 'ticket' },
      runbook: { type: 'string', format: 'uri' },
    },
  },
  rules: [
    {
      alert: 'QueueBacklog',
      expr: 'sum(queue_depth) > ${threshold}',
      for: '${for}',
      labels: { severity: '${severity}' },
      annotations: {
        summary: '{{ $value | humanize }} jobs waiting',
        runbook_url: '${runbook}',
      },
    },
  ],
  ...over,
});

describe('rule template routes', () => {
  const database = sqliteDatabaseFactory();
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const catalog = catalogServiceMock({ entities });
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  jest
    .spyOn(catalog, 'getEntityByRef')
    .mockImplementation(async (ref, options) => {
      const subject = (options as any)?.credentials?.principal?.userEntityRef;
      if (
        String(typeof ref === 'string' ? ref : ref.name) === 'secret' &&
        subject === 'user:default/mallory'
      ) {
        return undefined;
      }
      return getEntityByRef(ref, options);
    });
  const permissions = mockServices.permissions.mock({
    authorize: async (queries, options) =>
      queries.map(q => ({
        result:
          q.permission.name === ruleTemplateManagePermission.name &&
          (options.credentials.principal as { userEntityRef?: string })
            .userEntityRef === 'user:default/carol'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
  });

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        observabilityPlugin,
        await database(),
        permissions.factory,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.rootConfig.factory({
          data: {
            observability: {
              prometheus: {
                instances: [{ name: 'demo', baseUrl: 'http://127.0.0.1:1' }],
              },
            },
          },
        }),
      ],
    }));
  });

  const api = '/api/observability/rule-templates';
  const post = (path: string, auth: string, body: unknown) =>
    request(server)
      .post(`${api}${path}`)
      .set('Authorization', auth)
      .send(body as object);
  const put = (id: string, auth: string, body: unknown) =>
    request(server)
      .put(`${api}/${id}`)
      .set('Authorization', auth)
      .send(body as object);
  const get = (path: string, auth = bob) =>
    request(server).get(`${api}${path}`).set('Authorization', auth);
  const del = (id: string, auth = carol) =>
    request(server).delete(`${api}/${id}`).set('Authorization', auth);
  const customIds = async () =>
    (await get('')).body.templates
      .filter((t: { source: string }) => t.source === 'custom')
      .map((t: { id: string }) => t.id);
  const preview = (body: Record<string, unknown>, auth = bob) =>
    post('/preview', auth, {
      entityRef: 'component:default/checkout',
      ...body,
    });

  afterEach(async () => {
    for (const id of await customIds()) {
      // Unused by then (payments' annotation names queue-backlog: rename it away first).
      await del(id);
    }
  });

  it('answers 401 on every route without credentials', async () => {
    const responses = await Promise.all([
      get('', nobody),
      post('', nobody, template()),
      get('/error-ratio', nobody),
      put('queue-backlog', nobody, template()),
      del('queue-backlog', nobody),
      get('/error-ratio/versions', nobody),
      post('/preview', nobody, {
        entityRef: 'component:default/checkout',
        template: 'error-ratio',
      }),
    ]);
    expect(responses.map(r => r.status)).toEqual([
      401, 401, 401, 401, 401, 401, 401,
    ]);
  });

  it('answers 403 with a message on every write without the permission, and stores nothing', async () => {
    await post('', carol, template({ id: 'mine' })).expect(201);
    const responses = await Promise.all([
      post('', bob, template()),
      put('mine', bob, template({ id: 'mine', title: 'Changed' })),
      del('mine', bob),
    ]);
    expect(responses.map(r => r.status)).toEqual([403, 403, 403]);
    expect(responses[0].body.error.message).toBe(
      'Managing rule templates needs the observability.ruleTemplate.manage permission',
    );
    expect(await customIds()).toEqual(['mine']);
    expect((await get('/mine')).body.template).toMatchObject({
      version: 1,
      title: 'Queue backlog',
    });
  });

  it('creates, lists with the built-ins, edits as versions with authors, and names the entities using it', async () => {
    const created = await post('', carol, template());
    expect(created.status).toBe(201);
    expect(created.body.template).toMatchObject({
      id: 'queue-backlog',
      source: 'custom',
      version: 1,
      deprecated: false,
      createdBy: 'user:default/carol',
    });
    const list = await get('');
    expect(list.status).toBe(200);
    expect(list.body.templates.map((t: { id: string }) => t.id)).toEqual([
      'error-ratio',
      'latency',
      'target-down',
      'saturation',
      'traffic-drop',
      'slo-burn',
      'queue-backlog',
    ]);

    const one = await get('/queue-backlog');
    expect(one.body.usedBy).toEqual(['component:default/payments']);
    // Config defaults apply to every entity with a selector.
    expect((await get('/error-ratio')).body.usedBy).toEqual([
      'component:default/checkout',
      'component:default/payments',
      'component:default/secret',
    ]);

    const edited = await put(
      'queue-backlog',
      carol,
      template({ title: 'Queue backlog (tuned)', deprecated: true }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.template).toMatchObject({
      version: 2,
      deprecated: true,
    });
    const versions = await get('/queue-backlog/versions');
    expect(
      versions.body.versions.map((v: any) => [
        v.version,
        v.createdBy,
        v.title,
        v.deprecated,
      ]),
    ).toEqual([
      [2, 'user:default/carol', 'Queue backlog (tuned)', true],
      [1, 'user:default/carol', 'Queue backlog', false],
    ]);

    const refused = await del('queue-backlog');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(
      "Rule template 'queue-backlog' is used by component:default/payments",
    );
    expect((await get('/queue-backlog')).status).toBe(200);
    // Let afterEach delete it: payments stops using it.
    entities[1].metadata.annotations!['observability/alert-rules'] = '';
  });

  it('deletes an unused template: 204, then 404 everywhere', async () => {
    await post('', carol, template({ id: 'unused' })).expect(201);
    expect((await del('unused')).status).toBe(204);
    expect((await get('/unused')).status).toBe(404);
    expect((await get('/unused/versions')).status).toBe(404);
    expect((await del('unused')).status).toBe(404);
  });

  it('refuses to edit, delete or shadow a built-in', async () => {
    const edit = await put('error-ratio', carol, template({ id: undefined }));
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toContain(
      "'error-ratio' is a built-in template, defined in code: it cannot be edited or deleted",
    );
    expect((await del('error-ratio')).status).toBe(409);
    const shadow = await post('', carol, template({ id: 'error-ratio' }));
    expect(shadow.status).toBe(409);
    expect(shadow.body.error.message).toContain("id: 'error-ratio'");
    const versions = await get('/error-ratio/versions');
    expect(versions.body.versions).toMatchObject([
      { id: 'error-ratio', source: 'builtin' },
    ]);
  });

  it('gives a second create of the same id a 409, also when both arrive at once', async () => {
    const [a, b] = await Promise.all([
      post('', carol, template({ id: 'twice' })),
      post('', carol, template({ id: 'twice', title: 'Other' })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find(r => r.status === 409)!.body.error.message).toBe(
      "id: a rule template 'twice' already exists",
    );
  });

  const rule = (over: Record<string, unknown>) => ({
    alert: 'A',
    expr: 'up == 0',
    ...over,
  });
  it.each([
    ['an unknown field', template({ owner: 'me' }), /body: .*'owner'/],
    [
      'an unknown rule field',
      template({ rules: [rule({ labelz: {} })] }),
      /rules\[0\]: .*'labelz'/,
    ],
    ['a bad id', template({ id: 'Queue Backlog' }), /^id: must be lower-case/],
    ['no id', template({ id: undefined }), /id: is required/],
    ['an empty title', template({ title: ' ' }), /title: must not be empty/],
    [
      'a long title',
      template({ title: 'x'.repeat(201) }),
      /title: is at most 200/,
    ],
    [
      'a long description',
      template({ description: 'x'.repeat(2001) }),
      /description: is at most 2000/,
    ],
    ['no rules', template({ rules: [] }), /rules: must list at least one/],
    [
      '51 rules',
      template({
        rules: Array.from({ length: 51 }, (_, i) => rule({ alert: `A${i}` })),
      }),
      /rules: has at most 50 rules/,
    ],
    [
      'a rule that is alert and record',
      template({ rules: [rule({ record: 'x:y' })] }),
      /rules\[0\]: a rule has either alert/,
    ],
    [
      'an unsupported parameter format',
      template({
        parameters: {
          type: 'object',
          properties: { x: { type: 'string', format: 'regex' } },
        },
      }),
      /parameters\.properties\.x\.format/,
    ],
    [
      'a default that is not of its kind',
      template({
        parameters: {
          type: 'object',
          properties: { q: { type: 'number', format: 'quantile', default: 2 } },
        },
      }),
      /parameters\.properties\.q: must be a quantile/,
    ],
    [
      'a text parameter in expr (PromQL injection through a parameter)',
      template({
        parameters: {
          type: 'object',
          properties: { job: { type: 'string', default: 'x' } },
        },
        rules: [rule({ expr: 'up{job="${job}"} == 0' })],
      }),
      /rules\[0\]\.expr \(line 1, column 9\): \$\{job\}: a text parameter cannot be used in expr/,
    ],
    [
      "a selector for other entities' labels",
      template({ rules: [rule({ expr: 'up{job="payments"} == 0' })] }),
      /rules\[0\]\.expr: /,
    ],
    [
      'the query template function',
      template({
        rules: [rule({ annotations: { summary: '{{ query "up" }}' } })],
      }),
      /rules\[0\]\.annotations\.summary.*query template function is not allowed/,
    ],
    [
      'PromQL that does not parse',
      template({ rules: [rule({ expr: 'sum(up' })] }),
      /rules\[0\]\.expr: .*does not parse/,
    ],
    [
      'a parameter used nowhere in the schema',
      template({ rules: [rule({ expr: 'up > ${limit}' })] }),
      /rules\[0\]\.expr \(line 1, column 6\): \$\{limit\}: no parameter 'limit'/,
    ],
    [
      'an optional parameter without default used in expr',
      template({
        parameters: { type: 'object', properties: { n: { type: 'number' } } },
        rules: [rule({ expr: 'up > ${n}' })],
      }),
      /with only its required parameters given: rules\[0\]\.expr.*no value and no default/,
    ],
    [
      'an annotation template promtool refuses',
      template({
        rules: [
          rule({ annotations: { summary: '{{ $value | nosuchfunction }}' } }),
        ],
      }),
      /rules: promtool check rules: .*nosuchfunction/,
    ],
  ])(
    'answers 400 naming the field for %s, and stores nothing',
    async (_, body, message) => {
      const res = await post('', carol, body);
      expect(res.status).toBe(400);
      expect(
        res.body.error.message.replace(/^Invalid rule template: /, ''),
      ).toMatch(message);
      expect(await customIds()).toEqual([]);
    },
  );

  it('answers 400 for a bad edit and keeps the current version', async () => {
    await post('', carol, template({ id: 'kept' })).expect(201);
    const res = await put(
      'kept',
      carol,
      template({ id: 'kept', rules: [rule({ expr: 'up{job="payments"}' })] }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/rules\[0\]\.expr/);
    const renamed = await put('kept', carol, template({ id: 'other' }));
    expect(renamed.body.error.message).toMatch(/id: is 'kept' from the path/);
    expect((await get('/kept/versions')).body.versions).toHaveLength(1);
  });

  it('adds no version for a retried edit (the same body again)', async () => {
    await post('', carol, template({ id: 'retried' })).expect(201);
    const edit = template({ id: undefined, title: 'Retried' });
    const first = await put('retried', carol, edit);
    const again = await put('retried', carol, edit);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.template).toEqual(first.body.template);
    expect((await get('/retried/versions')).body.versions).toHaveLength(2);
  });

  it('answers 413 for a body over 64 kB, and stores nothing', async () => {
    const res = await post(
      '',
      carol,
      template({ description: 'x'.repeat(70 * 1024) }),
    );
    expect(res.status).toBe(413);
    expect(await customIds()).toEqual([]);
  });

  describe('preview', () => {
    it('renders a built-in for the entity, scoped and validated by promtool', async () => {
      const res = await preview({
        template: 'error-ratio',
        params: { threshold: 0.05, severity: 'page' },
      });
      expect(res.status).toBe(200);
      expect(res.body.validation).toEqual({
        valid: true,
        problems: [],
        promtool: 'passed',
      });
      expect(res.body.rules).toHaveLength(1);
      expect(res.body.rules[0]).toMatchObject({
        template: 'error-ratio',
        params: { threshold: 0.05, severity: 'page' },
        severity: 'page',
        labels: { backstage_entity: 'component:default/checkout' },
      });
      expect(res.body.rules[0].expr).toContain('job="checkout"');
      expect(res.body.yaml).toContain(
        'name: backstage:component:default/checkout',
      );
    });

    it('answers 400 for PromQL injected through a parameter', async () => {
      const res = await preview({
        template: 'error-ratio',
        params: { threshold: '0.05 or vector(1)' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Invalid preview: params.threshold: must be a number, got "0.05 or vector(1)"',
      );
      const unknown = await preview({
        template: 'error-ratio',
        params: { job: 'payments' },
      });
      expect(unknown.body.error.message).toMatch(
        /params\.job: is not a parameter of this template/,
      );
    });

    it('renders a draft without storing it', async () => {
      const { id, ...draft } = template();
      const res = await preview({ draft, params: { threshold: 3 } });
      expect(res.status).toBe(200);
      expect(res.body.validation.valid).toBe(true);
      expect(res.body.rules).toMatchObject([
        {
          name: 'QueueBacklog',
          template: 'draft',
          params: { threshold: 3 },
          for: '10m',
        },
      ]);
      expect(res.body.rules[0].expr).toBe(
        'sum(queue_depth{job="checkout", namespace="shop"}) > 3',
      );
      const edit = await preview({ draft: { ...draft, id: 'queue-backlog' } });
      expect(edit.body.rules[0]).toMatchObject({
        template: 'queue-backlog',
        templateVersion: 1,
      });
      expect(await customIds()).toEqual([]);
      expect((await get('/draft')).status).toBe(404);
    });

    it("answers 400 for a draft naming other entities' labels or using the query function", async () => {
      const { id, ...draft } = template();
      const foreign = await preview({
        draft: { ...draft, rules: [rule({ expr: 'up{job="payments"} == 0' })] },
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.message).toMatch(/draft\.rules\[0\]\.expr: /);
      const query = await preview({
        draft: {
          ...draft,
          rules: [rule({ annotations: { summary: '{{ query "up" }}' } })],
        },
      });
      expect(query.status).toBe(400);
      expect(query.body.error.message).toMatch(
        /draft\.rules\[0\]\.annotations\.summary.*query/,
      );
      const shadow = await preview({ draft: { ...draft, id: 'latency' } });
      expect(shadow.body.error.message).toMatch(
        /draft\.id: 'latency' is a built-in/,
      );
    });

    it('renders an edited annotation: defaults tuned and switched off', async () => {
      const res = await preview({
        annotation:
          '- template: error-ratio\n  params: { threshold: 0.2 }\n- template: target-down\n  enabled: false\n- template: traffic-drop\n',
      });
      expect(res.status).toBe(200);
      expect(res.body.rules.map((r: any) => r.template)).toEqual([
        'error-ratio',
        'latency',
        'traffic-drop',
      ]);
      expect(res.body.rules[0].params.threshold).toBe(0.2);
      expect(res.body.yaml).not.toContain('template: target-down');
      expect(res.body.validation.valid).toBe(true);
    });

    it('renders an annotation that uses a draft', async () => {
      const { id, ...draft } = template();
      const res = await preview({
        draft: { ...draft, id: 'queue-backlog' },
        annotation:
          '- template: queue-backlog\n  params: { threshold: 7 }\n- template: error-ratio\n  enabled: false\n- template: latency\n  enabled: false\n- template: target-down\n  enabled: false\n',
      });
      expect(res.status).toBe(200);
      expect(res.body.rules.map((r: any) => r.expr)).toEqual([
        'sum(queue_depth{job="checkout", namespace="shop"}) > 7',
      ]);
    });

    it('answers 400 naming the field for broken YAML, unknown fields and bad combinations', async () => {
      const broken = await preview({ annotation: '- template: [oops\n' });
      expect(broken.status).toBe(400);
      expect(broken.body.error.message).toMatch(
        /^Invalid preview: annotation: observability\/alert-rules: is not valid YAML/,
      );
      const unknownItemField = await preview({
        annotation: '- template: latency\n  parms: {}\n',
      });
      expect(unknownItemField.body.error.message).toMatch(
        /annotation: .*item 1 \(latency\): unknown field parms/,
      );
      const unknown = await preview({ template: 'latency', dryRun: true });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/body: .*'dryRun'/);
      const none = await preview({});
      expect(none.body.error.message).toMatch(/template: give one of/);
      const both = await preview({ template: 'latency', annotation: '' });
      expect(both.status).toBe(400);
      const badRef = await preview({
        entityRef: 'not a ref:',
        template: 'latency',
      });
      expect(badRef.status).toBe(400);
      expect(badRef.body.error.message).toMatch(/entityRef: /);
      const noTemplate = await preview({ template: 'nope' });
      expect(noTemplate.body.error.message).toBe(
        "Invalid preview: template: no rule template 'nope'",
      );
    });

    it('answers 404 for an entity the caller cannot see, 400 for one without a selector', async () => {
      const hidden = await preview(
        { entityRef: 'component:default/secret', template: 'latency' },
        mallory,
      );
      expect(hidden.status).toBe(404);
      const seen = await preview(
        { entityRef: 'component:default/secret', template: 'latency' },
        bob,
      );
      expect(seen.status).toBe(200);
      const unscoped = await preview({
        entityRef: 'component:default/no-metrics',
        template: 'latency',
      });
      expect(unscoped.status).toBe(400);
    });
  });
});
