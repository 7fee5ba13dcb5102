import { execFile } from 'node:child_process';
import {
  mkdir,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { APIRequestContext, expect, test } from '@playwright/test';
import { parse } from 'yaml';

/*
 * The service-with-monitoring template through the running backend's dry-run API
 * (POST /api/scaffolder/v2/dry-run), with the real observability actions: the rendered files are
 * written out and checked the way the new repository's own CI would check them — promtool
 * check/test rules on the rules, tsc and the service's own tests on the code. The rendered
 * service is written under .run/ so Node finds its dependencies in the repository's
 * node_modules, as the demo's deploy step does.
 */

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const templateDir = join(root, 'examples/templates/service-with-monitoring');

async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get(
    'http://localhost:7007/api/auth/guest/refresh',
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  expect(res.ok()).toBe(true);
  return (await res.json()).backstageIdentity.token;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

const values = {
  name: 'dry-orders',
  description: 'Dry-run of the template',
  owner: 'group:default/team-checkout',
  port: 9391,
  metricsNamespace: 'scaffolded',
  availabilityObjective: 99.9,
  latencyObjective: 99,
  latencyThresholdSeconds: 0.3,
  severity: 'page',
  receiver: 'team-checkout',
};

async function dryRun(
  request: APIRequestContext,
  token: string,
  formValues: Record<string, unknown>,
) {
  const template = parse(
    await readFile(join(templateDir, 'template.yaml'), 'utf8'),
  );
  const directoryContents = await Promise.all(
    (
      await filesUnder(templateDir)
    ).map(async path => ({
      path: relative(templateDir, path),
      base64Content: (await readFile(path)).toString('base64'),
    })),
  );
  return request.post('http://localhost:7007/api/scaffolder/v2/dry-run', {
    headers: { Authorization: `Bearer ${token}` },
    data: { template, values: formValues, directoryContents },
    timeout: 60_000,
  });
}

test('the template renders a service whose rules pass promtool and whose code type-checks and passes its own tests', async ({
  request,
}) => {
  test.setTimeout(240_000);
  const res = await dryRun(request, await guestToken(request), values);
  const body = await res.json();
  expect(res.status(), JSON.stringify(body).slice(0, 2000)).toBe(200);

  const messages: string[] = body.log.map(
    (l: { body: { message: string } }) => l.body.message,
  );
  // The demo's publish and deploy steps do not run in a dry run; everything else does.
  expect(messages.join('\n')).toContain(
    'Skipping because demo:publish:local-git does not support dry-run',
  );
  expect(messages.join('\n')).toContain(
    'Skipping because demo:deploy:local does not support dry-run',
  );

  const out = join(root, '.run/tmp/scaffolder-dry-run', values.name);
  await rm(out, { recursive: true, force: true });
  const paths: string[] = [];
  for (const file of body.directoryContents as Array<{
    path: string;
    base64Content: string;
    executable?: boolean;
  }>) {
    paths.push(file.path);
    const target = join(out, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, Buffer.from(file.base64Content, 'base64'));
  }
  expect(paths).toEqual(
    expect.arrayContaining([
      'catalog-info.yaml',
      'package.json',
      'tsconfig.json',
      'README.md',
      'src/main.ts',
      'src/metrics.ts',
      'dashboards/grafana.json',
      'rules/component-default-dry-orders.rules.yml',
      'rules/component-default-dry-orders.rules.test.yml',
    ]),
  );

  // catalog-info.yaml: the owner and every observability annotation, readable by the plugin.
  const entity = parse(await readFile(join(out, 'catalog-info.yaml'), 'utf8'));
  expect(entity.spec.owner).toBe('group:default/team-checkout');
  expect(entity.metadata.annotations).toMatchObject({
    'observability/prometheus-selector':
      '{job="dry-orders", namespace="scaffolded"}',
    'observability/profile': 'prom-client-http',
    'observability/trace-service': 'dry-orders',
  });
  expect(entity.metadata.annotations['observability/slos']).toContain(
    'threshold: 300ms',
  );

  // The metrics the skeleton exposes include the latency threshold as a bucket bound.
  const metrics = await readFile(join(out, 'src/metrics.ts'), 'utf8');
  expect(metrics).toContain('0.3');

  // The rules: promtool check rules, then the generated promtool tests.
  const rules = join(out, 'rules');
  const check = await run(
    'promtool',
    ['check', 'rules', 'component-default-dry-orders.rules.yml'],
    { cwd: rules },
  );
  expect(check.stdout).toContain('SUCCESS');
  const unit = await run(
    'promtool',
    ['test', 'rules', 'component-default-dry-orders.rules.test.yml'],
    { cwd: rules },
  );
  expect(unit.stdout).toContain('SUCCESS');

  const dashboard = JSON.parse(
    await readFile(join(out, 'dashboards/grafana.json'), 'utf8'),
  );
  expect(dashboard.title).toBe('dry-orders · golden signals and SLOs');

  // The service: type-check, then its own tests.
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: out });
  expect((await stat(join(out, 'dist/main.js'))).isFile()).toBe(true);
  const tests = await run(process.execPath, ['--test', 'dist/'], {
    cwd: out,
    timeout: 120_000,
  }).catch((e: { stdout?: string; stderr?: string }) => {
    throw new Error(
      `the service's own tests failed:\n${e.stdout}\n${e.stderr}`,
    );
  });
  expect(tests.stdout).toMatch(/# fail 0/);
  expect(tests.stdout).toMatch(/# pass [1-9]/);
});

test('the dry run refuses bad answers, naming the field', async ({
  request,
}) => {
  const token = await guestToken(request);
  const badName = await dryRun(request, token, {
    ...values,
    name: 'Not_A_Name',
  });
  expect(badName.status()).toBe(400);
  expect(JSON.stringify(await badName.json())).toContain('name');

  const badObjective = await dryRun(request, token, {
    ...values,
    availabilityObjective: 42,
  });
  expect(badObjective.status()).toBe(400);
  expect(JSON.stringify(await badObjective.json())).toContain(
    'availabilityObjective',
  );
});
