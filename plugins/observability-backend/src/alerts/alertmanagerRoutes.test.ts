import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { parse, stringify } from 'yaml';
import {
  AlertmanagerRoutingConfig,
  owningGroups,
  readAlertmanagerRoutingConfig,
  renderAlertmanagerRoutes,
} from './alertmanagerRoutes';

const routing: AlertmanagerRoutingConfig = {
  portalReceiver: 'backstage',
  receivers: [
    {
      name: 'team-payments',
      pagerduty_configs: [{ routing_key: 'pd-secret-key' }],
    },
    {
      name: 'team-checkout',
      slack_configs: [
        {
          api_url: 'https://hooks.slack.example/secret',
          channel: '#checkout',
          send_resolved: true,
        },
      ],
    },
    { name: 'unused', email_configs: [{ to: 'nobody@example.com' }] },
  ],
};

const group = (name: string, receiver?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    annotations:
      receiver === undefined
        ? {}
        : { 'observability/alert-receiver': receiver },
  },
  spec: { type: 'team', children: [] },
});

describe('renderAlertmanagerRoutes', () => {
  it('routes each owning group to its receiver, continuing to the portal', () => {
    const rendered = renderAlertmanagerRoutes(
      owningGroups([
        group('team-payments', 'team-payments'),
        group('team-checkout', 'team-checkout'),
        group('team-quiet'),
      ]),
      routing,
    );
    expect(rendered.warnings).toEqual([]);
    expect(rendered.route).toEqual({
      receiver: 'backstage',
      routes: [
        {
          receiver: 'team-checkout',
          matchers: ['owner="group:default/team-checkout"'],
          continue: true,
        },
        {
          receiver: 'team-payments',
          matchers: ['owner="group:default/team-payments"'],
          continue: true,
        },
        { receiver: 'backstage', continue: true },
      ],
    });
    // Only receivers a route uses, in config order, with their settings.
    expect(rendered.receivers.map(r => r.name)).toEqual([
      'team-payments',
      'team-checkout',
    ]);
    expect(rendered.receivers[0]).toEqual(routing.receivers[0]);
    expect(parse(rendered.yaml)).toEqual({
      route: rendered.route,
      receivers: rendered.receivers,
    });
    expect(rendered.yaml).toMatch(
      /# Receiver "backstage" \(the portal's webhook\) is not among them: define it in alertmanager.yml./,
    );
  });

  it('leaves out a group naming an unconfigured receiver, says so, and keeps the others', () => {
    const rendered = renderAlertmanagerRoutes(
      owningGroups([
        group('team-payments', 'team-payments'),
        group('team-typo', 'Team-Payments'),
        group('team-spaces', ' team-checkout'),
      ]),
      routing,
    );
    expect(rendered.route.routes?.map(r => r.receiver)).toEqual([
      'team-payments',
      'backstage',
    ]);
    expect(rendered.warnings).toEqual([
      expect.stringMatching(
        /^group:default\/team-spaces is left out: its observability\/alert-receiver annotation names receiver " team-checkout", which is not in observability.alertmanager.receivers \("team-payments", "team-checkout", "unused"\); its alerts reach only the portal$/,
      ),
      expect.stringMatching(
        /^group:default\/team-typo is left out: .* receiver "Team-Payments"/,
      ),
    ]);
    for (const warning of rendered.warnings) {
      expect(rendered.yaml).toContain(`# WARNING: ${warning}\n`);
    }
  });

  it('keeps hostile annotation text inside its comment line', () => {
    const hostile =
      'x"\nroute:\n  receiver: evil\r\u2028# \u0000 and a very long tail '.padEnd(
        500,
        'z',
      );
    const rendered = renderAlertmanagerRoutes(
      owningGroups([group('team-evil', hostile)]),
      routing,
    );
    const lines = rendered.yaml.split('\n');
    expect(lines.filter(l => !l.startsWith('#')).join('\n')).toBe(
      stringify(
        {
          route: {
            receiver: 'backstage',
            routes: [{ receiver: 'backstage', continue: true }],
          },
          receivers: [],
        },
        { lineWidth: 0 },
      ),
    );
    const warning = lines.find(l => l.startsWith('# WARNING'))!;
    expect(warning).toMatch(/^[\x20-\x7e]+$/);
    expect(warning).toContain('"x\\"\\nroute:\\n  receiver: evil\\r\\u2028#');
    expect(warning.length).toBeLessThan(400);
  });

  it('does not route a group to the portal receiver twice', () => {
    const rendered = renderAlertmanagerRoutes(
      owningGroups([group('team-portal-only', 'backstage')]),
      {
        ...routing,
        receivers: [
          ...routing.receivers,
          { name: 'backstage', webhook_configs: [{ url: 'http://x/' }] },
        ],
      },
    );
    expect(rendered.warnings).toEqual([]);
    expect(rendered.route.routes).toEqual([
      { receiver: 'backstage', continue: true },
    ]);
    expect(rendered.receivers.map(r => r.name)).toEqual(['backstage']);
    expect(rendered.yaml).not.toContain('is not among them');
  });

  it('shows receiver settings as <secret> when asked to redact', () => {
    const rendered = renderAlertmanagerRoutes(
      owningGroups([group('team-checkout', 'team-checkout')]),
      routing,
      { redactSecrets: true },
    );
    expect(rendered.receivers).toEqual([
      {
        name: 'team-checkout',
        slack_configs: [
          { api_url: '<secret>', channel: '<secret>', send_resolved: true },
        ],
      },
    ]);
    expect(rendered.yaml).not.toContain('hooks.slack.example');
  });
});

describe('readAlertmanagerRoutingConfig', () => {
  it('reads receivers as written and defaults the portal receiver', () => {
    const read = readAlertmanagerRoutingConfig(
      new ConfigReader({
        observability: {
          alertmanager: {
            baseUrl: 'http://am:9093',
            receivers: routing.receivers as JsonObject[],
          },
        },
      }),
    );
    expect(read).toEqual({
      receivers: routing.receivers,
      portalReceiver: 'backstage',
    });
    expect(readAlertmanagerRoutingConfig(new ConfigReader({}))).toEqual({
      receivers: [],
      portalReceiver: 'backstage',
    });
  });

  it('refuses receivers without a unique name', () => {
    const read = (receivers: JsonObject[]) => () =>
      readAlertmanagerRoutingConfig(
        new ConfigReader({
          observability: {
            alertmanager: {
              baseUrl: 'http://am',
              receivers,
              portalReceiver: 'p',
            },
          },
        }),
      );
    expect(read([{ name: 'a' }, { name: 'a' }])).toThrow(
      "'alertmanager.receivers[1].name' must be a unique non-empty name, got 'a'",
    );
    expect(read([{ name: ' ' }])).toThrow(/receivers\[0\]\.name/);
    expect(read([{ webhook_configs: [] }])).toThrow(/name/);
  });
});

// Debian's prometheus-alertmanager package (which make test installs) brings amtool 0.25.
describe('the rendered routes in a real alertmanager.yml (amtool)', () => {
  const amtool = process.env.AMTOOL ?? 'amtool';
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'observability-amtool-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rendered = renderAlertmanagerRoutes(
    owningGroups([
      group('team-payments', 'team-payments'),
      group('team-checkout', 'team-checkout'),
      group('team-typo', 'nobody'),
    ]),
    routing,
  );
  /** The portal's webhook receiver and the root settings the operator keeps in alertmanager.yml. */
  const alertmanagerYml = () => {
    const file = path.join(dir, 'alertmanager.yml');
    writeFileSync(
      file,
      stringify({
        route: { ...rendered.route, group_by: ['alertname', 'job'] },
        receivers: [
          ...rendered.receivers,
          {
            name: 'backstage',
            webhook_configs: [
              {
                url: 'http://127.0.0.1:7007/api/observability/alerts/webhook',
                send_resolved: true,
              },
            ],
          },
        ],
      }),
    );
    return file;
  };
  const run = (...args: string[]) =>
    spawnSync(amtool, args, { encoding: 'utf8' });

  it('passes amtool check-config', () => {
    const result = run('check-config', alertmanagerYml());
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.stdout).toContain(' - 3 receivers');
    expect(result.status).toBe(0);
  });

  it("sends a payments alert to team-payments' receiver and to the portal", () => {
    const result = run(
      'config',
      'routes',
      'test',
      `--config.file=${alertmanagerYml()}`,
      '--verify.receivers=team-payments,backstage',
      'owner=group:default/team-payments',
      'severity=page',
    );
    expect(result.stdout.trim()).toBe('team-payments,backstage');
    expect(result.status).toBe(0);
  });

  it('sends alerts of a group without a valid receiver to the portal only', () => {
    for (const owner of ['group:default/team-typo', 'unknown']) {
      const result = run(
        'config',
        'routes',
        'test',
        `--config.file=${alertmanagerYml()}`,
        '--verify.receivers=backstage',
        `owner=${owner}`,
      );
      expect(result.stdout.trim()).toBe('backstage');
      expect(result.status).toBe(0);
    }
  });
});
