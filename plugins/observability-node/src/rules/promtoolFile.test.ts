import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { groupFile } from './groupFile';
import { promtoolCheckRuleFiles, promtoolCheckRules } from './promtoolCheck';
import { promtoolCheckFile } from './promtoolFile';
import { RenderedEntityRules } from './renderEntityRules';
import { PromRuleGroup } from './ruleGroupStructure';
import { validateRendered, validateRenderedAll } from './ruleViews';

// Debian's promtool (package prometheus, which make test installs) checks every file for real.

const group = (rules: PromRuleGroup['rules']): PromRuleGroup => ({
  name: 'backstage:component:default/checkout',
  rules,
});

const rendered = (g: PromRuleGroup, entityRef = 'component:default/checkout') =>
  ({
    entityRef,
    instance: 'default',
    group: g,
    rules: [],
    problems: [],
  } as unknown as RenderedEntityRules);

describe('promtoolCheckFile', () => {
  it('writes a plain reduced file as JSON, which reads back as the same YAML', () => {
    const g = group([
      {
        alert: 'A',
        expr: 'sum(rate(x{job="a"}[5m])) > 1',
        labels: { severity: 'page', team: '{{ $labels.team }}' },
        annotations: { summary: 'é: {{ $value }}\n\tsecond line' },
      },
    ]);
    const file = promtoolCheckFile(g);
    expect(file.startsWith('{"groups":')).toBe(true);
    expect(parse(file)).toEqual({
      groups: [
        {
          name: g.name,
          rules: [
            {
              alert: 'A',
              expr: 'sum(rate(x{job="a"}[5m])) > 1',
              labels: { team: '{{ $labels.team }}' },
              annotations: { summary: 'é: {{ $value }}\n\tsecond line' },
            },
          ],
        },
      ],
    });
  });

  it('leaves out the plain labels and annotations of alerting rules and keeps everything that can fail', () => {
    const file = parse(
      promtoolCheckFile(
        group([
          {
            alert: 'HighErrorRatio',
            expr: 'up == 0',
            for: '5m',
            labels: {
              severity: 'page',
              owner: 'group:default/team-checkout',
              team: '{{ $labels.team }}',
              'bad-name': 'x',
              __name__: 'x',
              broken: 'a\ud800b',
            },
            annotations: {
              summary: 'checkout: {{ $value | humanizePercentage }} fail',
              description: 'More than 5% of requests fail.',
            },
          },
          {
            record: 'job:up:avg',
            expr: 'avg(up)',
            labels: { slo: 'availability' },
            annotations: { summary: 'a recording rule cannot have this' },
          },
        ]),
      ),
    );
    expect(file.groups[0].name).toBe('backstage:component:default/checkout');
    expect(file.groups[0].rules[0]).toEqual({
      alert: 'HighErrorRatio',
      expr: 'up == 0',
      for: '5m',
      labels: {
        team: '{{ $labels.team }}',
        'bad-name': 'x',
        __name__: 'x',
        broken: 'a\ud800b',
      },
      annotations: {
        summary: 'checkout: {{ $value | humanizePercentage }} fail',
      },
    });
    // The plain label goes; the annotation stays, since promtool must refuse it.
    expect(file.groups[0].rules[1]).toEqual({
      record: 'job:up:avg',
      expr: 'avg(up)',
      annotations: { summary: 'a recording rule cannot have this' },
    });
  });

  /*
   * The claim the reduced file rests on: promtool accepts it exactly when it accepts the file as
   * delivered. Random groups mix good and broken names, values, templates and expressions; both
   * forms of every group go to one promtool run each and the verdicts must agree.
   */
  it('gets the same verdict from promtool as the whole file, for any labels and annotations', async () => {
    const text = fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        '{',
        '}',
        '{{',
        '}}',
        '$',
        '|',
        '"',
        "'",
        ':',
        '#',
        '-',
        '\n',
        '\t',
        '\\',
        'é',
        '\u2028',
        '\u0085',
        '\u0007',
        '😀',
        '{{ $value }}',
        '{{ $labels.job }}',
        '{{ humanize $value }}',
        '{{ end }}',
        '{{ if }}',
        '{{ $nope }}',
        '{{/* c */}}',
      ),
      maxLength: 6,
    });
    const name = fc.constantFrom(
      'severity',
      'owner',
      'summary',
      '_x',
      'a1',
      '1a',
      'bad-name',
      '__name__',
      '__meta',
      'é',
    );
    const entries = fc.dictionary(name, text, { maxKeys: 4 });
    const rule = fc.record({
      alert: fc.constantFrom('A', 'B'),
      expr: fc.constantFrom('up == 0', 'sum(rate(x[5m])) > 1', 'sum(', 'up{'),
      for: fc.constantFrom(undefined, '5m', '0s'),
      labels: entries,
      annotations: entries,
    });
    const groups = fc.sample(fc.array(rule, { minLength: 1, maxLength: 3 }), {
      numRuns: 300,
      seed: 42,
    });
    const files = groups.map((rules, i) => {
      const g = group(
        rules.map(r => ({
          alert: r.alert,
          expr: r.expr,
          ...(r.for ? { for: r.for } : {}),
          labels: r.labels,
          annotations: r.annotations,
        })),
      );
      return {
        key: String(i),
        group: g,
        whole: groupFile(g).yaml,
        reduced: promtoolCheckFile(g),
      };
    });
    const whole = await promtoolCheckRuleFiles(
      files.map(f => ({ key: f.key, yaml: f.whole })),
    );
    const reduced = await promtoolCheckRuleFiles(
      files.map(f => ({ key: f.key, yaml: f.reduced })),
    );
    const disagreements = files
      .filter(f => whole.get(f.key)?.status !== reduced.get(f.key)?.status)
      .map(f => ({ file: f.whole, whole: whole.get(f.key) }));
    expect(disagreements).toEqual([]);
    // The sample exercises both verdicts, or the agreement would say little.
    const statuses = new Set([...whole.values()].map(r => r.status));
    expect(statuses).toEqual(new Set(['passed', 'failed']));
    // And the reduction did drop entries in most files.
    const entryCount = (g: PromRuleGroup) =>
      g.rules.reduce(
        (n, r) =>
          n +
          Object.keys(r.labels ?? {}).length +
          Object.keys(r.annotations ?? {}).length,
        0,
      );
    expect(
      files.filter(
        f => entryCount(parse(f.reduced).groups[0]) < entryCount(f.group),
      ).length,
    ).toBeGreaterThan(files.length / 2);
    // Both ways of writing the reduced file were used: JSON, and YAML for exotic characters.
    const json = files.filter(f => f.reduced.startsWith('{'));
    expect(json.length).toBeGreaterThan(0);
    expect(json.length).toBeLessThan(files.length);
  });

  it("reports promtool's message on the file as delivered, for one entity and for many", async () => {
    const bad = group([
      {
        alert: 'A',
        expr: 'up == 0',
        labels: { severity: 'page', owner: 'group:default/team-a' },
        annotations: {
          description: 'plain text before the broken template',
          summary: '{{ $value',
        },
      },
    ]);
    const whole = await promtoolCheckRules(groupFile(bad).yaml);
    expect(whole).toEqual({
      status: 'failed',
      message: expect.stringContaining('annotation "summary"'),
    });
    const one = await validateRendered(rendered(bad), 'promtool');
    expect(one).toMatchObject({
      valid: false,
      promtool: 'failed',
      promtoolMessage: (whole as { message: string }).message,
    });
    const good = group([{ alert: 'B', expr: 'up == 0', labels: { x: 'y' } }]);
    const many = await validateRenderedAll(
      [
        rendered(bad, 'component:default/a'),
        rendered(good, 'component:default/b'),
      ],
      'promtool',
    );
    expect(many.get('component:default/a')).toMatchObject({
      valid: false,
      promtoolMessage: (whole as { message: string }).message,
    });
    expect(many.get('component:default/b')).toMatchObject({
      valid: true,
      promtool: 'passed',
    });
  });
});

describe('a promtool without --lint', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'old-promtool-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // A stand-in for promtool before 2.33 (no such release here): it refuses the flag the way
  // kingpin does and otherwise runs Debian's promtool, whose lint then applies.
  it('is run without the flag, and its verdicts stand', async () => {
    const old = join(dir, 'promtool');
    await writeFile(
      old,
      `#!/bin/sh\nfor a in "$@"; do case "$a" in --lint*) echo "promtool: error: unknown long flag '--lint', try --help" >&2; exit 1;; esac; done\nexec promtool "$@"\n`,
    );
    await chmod(old, 0o755);
    const good =
      'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n';
    const bad = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum(\n';
    expect(await promtoolCheckRules(good, old)).toEqual({ status: 'passed' });
    const many = await promtoolCheckRuleFiles(
      [
        { key: 'good', yaml: good },
        { key: 'bad', yaml: bad },
      ],
      old,
    );
    expect(many.get('good')).toEqual({ status: 'passed' });
    expect(many.get('bad')).toMatchObject({ status: 'failed' });
  });
});
