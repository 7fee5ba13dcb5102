import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package's own folder, found through module resolution so it works from src and dist. */
export const packageDir = path.dirname(
  require.resolve('@internal/demo-stack/package.json'),
);

export const configDir = path.join(packageDir, 'config');

export interface ScrapeTarget {
  job: string;
  port: number;
}

/** Replaces `@@NAME@@` placeholders and fails on any left unfilled, so a typo never ships. */
export function fillTemplate(
  template: string,
  values: Record<string, string | number>,
): string {
  const filled = template.replace(/@@([A-Z_]+)@@/g, (match, key: string) =>
    key in values ? String(values[key]) : match,
  );
  const missing = filled.match(/@@[A-Z_]+@@/);
  if (missing) {
    throw new Error(`No value for placeholder ${missing[0]}`);
  }
  return filled;
}

export function renderPrometheusConfig(options: {
  prometheusPort: number;
  alertmanagerPort: number;
  rulesDir: string;
  /** The folder deployments write their file-SD target files to. */
  fileSdDir: string;
  scrapeInterval: string;
  targets: ScrapeTarget[];
}): string {
  const scrapeConfigs = options.targets
    .map(
      t =>
        `  - job_name: ${t.job}\n` +
        `    static_configs:\n` +
        `      - targets: ['127.0.0.1:${t.port}']\n` +
        `        labels:\n` +
        `          namespace: shop`,
    )
    .join('\n');
  return fillTemplate(
    readFileSync(path.join(configDir, 'prometheus.yml'), 'utf8'),
    {
      SCRAPE_INTERVAL: options.scrapeInterval,
      RULES_DIR: options.rulesDir,
      FILE_SD_DIR: options.fileSdDir,
      ALERTMANAGER_PORT: options.alertmanagerPort,
      PROMETHEUS_PORT: options.prometheusPort,
      SERVICE_SCRAPE_CONFIGS: scrapeConfigs,
    },
  );
}

export function renderAlertmanagerConfig(options: {
  webhookUrl: string;
  webhookToken: string;
}): string {
  return fillTemplate(
    readFileSync(path.join(configDir, 'alertmanager.yml'), 'utf8'),
    {
      WEBHOOK_URL: options.webhookUrl,
      WEBHOOK_TOKEN: options.webhookToken,
    },
  );
}
