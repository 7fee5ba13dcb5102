import {
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { FilesRuleDelivery } from './FilesRuleDelivery';
import { ruleFileName } from '@stagewatch/backstage-plugin-observability-node';

describe('rule file names', () => {
  it('are readable for plain refs', () => {
    expect(ruleFileName('component:default/checkout')).toBe(
      'backstage_component_default_checkout.yml',
    );
    expect(ruleFileName('component:shop/payments-api')).toBe(
      'backstage_component_shop_payments-api.yml',
    );
  });

  it('carry a hash where a plain name could collide or is unsafe', () => {
    const dotted = ruleFileName('component:default/a.b');
    const underscored = ruleFileName('component:default/a_b');
    expect(underscored).toBe('backstage_component_default_a_b.yml');
    expect(dotted).toMatch(
      /^backstage_component_default_a_b_[0-9a-f]{12}\.yml$/,
    );
    expect(ruleFileName('component:default/Checkout')).not.toBe(
      ruleFileName('component:default/checkout'),
    );
    const long = ruleFileName(`component:default/${'x'.repeat(300)}`);
    expect(long.length).toBeLessThan(200);
    for (const name of [
      dotted,
      long,
      ruleFileName('component:default/../../etc'),
    ]) {
      expect(name).toMatch(/^backstage_[a-z0-9_-]+\.yml$/);
    }
  });
});

describe('FilesRuleDelivery', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'obs-files-delivery-'));
  const answers: Array<{ status: number; body: string }> = [];
  const server = http.createServer((req, res) => {
    const next = answers.shift() ?? { status: 200, body: '' };
    res
      .writeHead(
        req.method === 'POST' && req.url === '/-/reload' ? next.status : 405,
      )
      .end(next.body);
  });
  let delivery: FilesRuleDelivery;

  beforeAll(async () => {
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    delivery = new FilesRuleDelivery({
      directory: path.join(dir, 'rules'),
      reloadUrl: `http://127.0.0.1:${port}/`,
    });
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes atomically with mode 0644, leaving no temporary file', async () => {
    const location = delivery.location('component:default/checkout');
    const umask = process.umask(0o077);
    try {
      await delivery.write(location, 'groups: []\n');
    } finally {
      process.umask(umask);
    }
    expect(statSync(location).mode & 0o777).toBe(0o644);
    expect(await delivery.read(location)).toBe('groups: []\n');
    expect(readdirSync(path.join(dir, 'rules'))).toEqual([
      'backstage_component_default_checkout.yml',
    ]);
    expect(
      await delivery.read(delivery.location('component:default/none')),
    ).toBeUndefined();
  });

  it('lists and deletes only files with the plugin prefix in its directory', async () => {
    writeFileSync(path.join(dir, 'rules', 'hand-written.yml'), 'groups: []\n');
    expect((await delivery.managedFiles()).map(f => path.basename(f))).toEqual([
      'backstage_component_default_checkout.yml',
    ]);
    await expect(
      delivery.remove(path.join(dir, 'rules', 'hand-written.yml')),
    ).rejects.toThrow(/Refusing/);
    await expect(
      delivery.remove(path.join(dir, 'backstage_component_default_x.yml')),
    ).rejects.toThrow(/Refusing/);
    await delivery.remove(delivery.location('component:default/checkout'));
    expect(readdirSync(path.join(dir, 'rules'))).toEqual(['hand-written.yml']);
  });

  it("reloads with one POST and passes on Prometheus' reason for a 500", async () => {
    await expect(delivery.reload()).resolves.toBeUndefined();
    answers.push({
      status: 500,
      body: 'failed to reload config: one or more errors occurred while applying the new configuration (--config.file="p.yml")\n',
    });
    await expect(delivery.reload()).rejects.toThrow(
      /answered 500: failed to reload config: one or more errors/,
    );
    answers.push({ status: 403, body: 'Lifecycle API is not enabled.' });
    await expect(delivery.reload()).rejects.toThrow(/--web.enable-lifecycle/);
  });
});
