import { promtoolCheckRuleFiles, promtoolCheckRules } from './promtoolCheck';

// Debian's promtool (package prometheus, which make test installs) checks the files for real.
const good = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n';
const badTemplate =
  "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      summary: '{{ $value'\n";
const badExpr = 'groups:\n- name: h\n  rules:\n  - alert: B\n    expr: sum(\n';

describe('promtool check rules', () => {
  it('passes a good file and explains a bad one', async () => {
    expect(await promtoolCheckRules(good)).toEqual({ status: 'passed' });
    expect(await promtoolCheckRules(badTemplate)).toEqual({
      status: 'failed',
      message: expect.stringContaining(
        'annotation "summary": template: __alert_A:1: unclosed action',
      ),
    });
  });

  it('checks many files in one run and says which failed', async () => {
    const results = await promtoolCheckRuleFiles([
      { key: 'component:default/a', yaml: good },
      { key: 'component:default/b', yaml: badTemplate },
      { key: 'component:default/c', yaml: badExpr },
      { key: 'component:default/d', yaml: good },
    ]);
    expect(results.get('component:default/a')).toEqual({ status: 'passed' });
    expect(results.get('component:default/d')).toEqual({ status: 'passed' });
    expect(results.get('component:default/b')).toEqual({
      status: 'failed',
      message: expect.stringMatching(
        /^rules\.yml: group "g", rule 1, "A": annotation "summary"/,
      ),
    });
    expect(results.get('component:default/c')).toEqual({
      status: 'failed',
      message: expect.stringContaining('could not parse expression'),
    });
  });

  it('is unavailable, not failed, where promtool is not installed', async () => {
    expect(await promtoolCheckRules(good, '/nonexistent/promtool')).toEqual({
      status: 'unavailable',
    });
    expect(
      (
        await promtoolCheckRuleFiles(
          [{ key: 'x', yaml: good }],
          '/nonexistent/promtool',
        )
      ).get('x'),
    ).toEqual({ status: 'unavailable' });
  });
});
