import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { renderAlertmanagerConfig } from '@internal/demo-stack';
import { parse, parseAllDocuments, parseDocument, YAMLSeq } from 'yaml';
import {
  owningGroups,
  readAlertmanagerRoutingConfig,
  renderAlertmanagerRoutes,
} from './alertmanagerRoutes';

/*
 * The demo Alertmanager's config is config/alertmanager.base.yml (root route, the portal's
 * receiver) plus what the portal renders from the demo catalog and app-config.yaml: the same
 * renderer as GET /alertmanager/routes, so the demo routes exactly as a real installation that
 * loads that route would. The demo stack cannot import the backend plugin (a node-library may
 * not), so the result is committed, like slo-rules.generated.yml, and this test keeps it true.
 */
const root = path.resolve(__dirname, '../../../..');
const configDir = path.join(root, 'packages/demo-stack/config');
const generatedFile = path.join(configDir, 'alertmanager.yml');
const regenerate =
  'cd plugins/observability-backend && UPDATE_DEMO_ALERTMANAGER_CONFIG=1 yarn test src/alerts/demoAlertmanagerConfig.test.ts';

function demoAlertmanagerConfig(): string {
  const groups = parseAllDocuments(
    readFileSync(path.join(root, 'examples/org.yaml'), 'utf8'),
  ).map(d => d.toJS() as Entity);
  const routing = readAlertmanagerRoutingConfig(
    new ConfigReader(
      parse(readFileSync(path.join(root, 'app-config.yaml'), 'utf8')),
    ),
  );
  const rendered = renderAlertmanagerRoutes(owningGroups(groups), routing);
  const doc = parseDocument(
    readFileSync(path.join(configDir, 'alertmanager.base.yml'), 'utf8'),
  );
  doc.setIn(['route', 'routes'], doc.createNode(rendered.route.routes));
  const receivers = doc.get('receivers') as YAMLSeq;
  for (const receiver of rendered.receivers) {
    receivers.add(doc.createNode(receiver));
  }
  const renderedComments = rendered.yaml
    .split('\n')
    .filter(line => line.startsWith('#'));
  return [
    '# GENERATED from config/alertmanager.base.yml, examples/org.yaml and app-config.yaml',
    `# (observability.alertmanager.receivers). Do not edit; regenerate: ${regenerate}`,
    ...renderedComments,
    doc.toString({ lineWidth: 0, flowCollectionPadding: false }),
  ].join('\n');
}

describe("the demo Alertmanager's config", () => {
  const expected = demoAlertmanagerConfig();

  it('is the base config plus the routes the portal renders from the demo catalog', () => {
    if (process.env.UPDATE_DEMO_ALERTMANAGER_CONFIG) {
      writeFileSync(generatedFile, expected);
    }
    // When this fails, one of the sources or the renderer changed: regenerate (see the header).
    expect(readFileSync(generatedFile, 'utf8')).toBe(expected);
    const config = parse(expected);
    expect(config.route.routes.map((r: any) => r.receiver)).toEqual([
      'team-checkout',
      'team-payments',
      'team-platform',
      'backstage',
    ]);
    expect(config.receivers.map((r: any) => r.name)).toEqual([
      'backstage',
      'team-checkout',
      'team-payments',
      'team-platform',
    ]);
    expect(expected).not.toContain('WARNING');
  });

  it('passes amtool check-config as the demo stack fills it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'demo-alertmanager-'));
    try {
      const file = path.join(dir, 'alertmanager.yml');
      writeFileSync(
        file,
        renderAlertmanagerConfig({
          webhookUrl: 'http://127.0.0.1:7007/api/observability/alerts/webhook',
          webhookToken: 'token',
        }),
      );
      const result = spawnSync(
        process.env.AMTOOL ?? 'amtool',
        ['check-config', file],
        {
          encoding: 'utf8',
        },
      );
      expect(result.stdout + result.stderr).toContain('SUCCESS');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
