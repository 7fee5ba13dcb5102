import {
  fillTemplate,
  renderAlertmanagerConfig,
  renderPrometheusConfig,
} from './renderConfig';

describe('fillTemplate', () => {
  it('fills every placeholder', () => {
    expect(fillTemplate('a @@X@@ b @@Y_Z@@', { X: 1, Y_Z: 'two' })).toBe(
      'a 1 b two',
    );
  });

  it('fails on a placeholder without a value, naming it', () => {
    expect(() => fillTemplate('port @@PORT@@', {})).toThrow(
      'No value for placeholder @@PORT@@',
    );
  });
});

describe('renderPrometheusConfig', () => {
  it('scrapes each demo service as its own job in the shop namespace', () => {
    const yaml = renderPrometheusConfig({
      prometheusPort: 19090,
      alertmanagerPort: 19093,
      rulesDir: '/tmp/rules',
      fileSdDir: '/tmp/file-sd',
      scrapeInterval: '2s',
      targets: [
        { job: 'checkout', port: 19101 },
        { job: 'payments', port: 19102 },
      ],
    });
    expect(yaml).toContain(
      "- job_name: checkout\n    static_configs:\n      - targets: ['127.0.0.1:19101']",
    );
    expect(yaml).toContain(
      "- job_name: payments\n    static_configs:\n      - targets: ['127.0.0.1:19102']",
    );
    expect(yaml).toContain('namespace: shop');
    expect(yaml).toContain("targets: ['127.0.0.1:19093']");
    // Only the portal's rule directory: every demo rule is delivered by the portal.
    expect(yaml).toContain("- '/tmp/rules/portal/*.yml'");
    expect(yaml).not.toContain("'/tmp/rules/*.yml'");
    expect(yaml).toContain('scrape_interval: 2s');
  });

  it('discovers deployed services from the file-SD folder', () => {
    const yaml = renderPrometheusConfig({
      prometheusPort: 19090,
      alertmanagerPort: 19093,
      rulesDir: '/tmp/rules',
      fileSdDir: '/tmp/run/file-sd',
      scrapeInterval: '2s',
      targets: [],
    });
    expect(yaml).toContain(
      "- job_name: scaffolded\n    file_sd_configs:\n      - files: ['/tmp/run/file-sd/*.json']\n        refresh_interval: 5s",
    );
  });
});

describe('renderAlertmanagerConfig', () => {
  it('routes to the portal webhook with the bearer token', () => {
    const yaml = renderAlertmanagerConfig({
      webhookUrl: 'http://127.0.0.1:7007/api/observability/alerts/webhook',
      webhookToken: 'secret-token',
    });
    expect(yaml).toContain(
      "url: 'http://127.0.0.1:7007/api/observability/alerts/webhook'",
    );
    expect(yaml).toContain("credentials: 'secret-token'");
    expect(yaml).toContain('send_resolved: true');
  });
});
