import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { Profile, profileFromConfig } from '../profiles/Profile';
import { builtinProfiles } from '../profiles/builtinProfiles';

/** @public */
export interface PrometheusInstanceConfig {
  name: string;
  /** Base URL plus path prefix, without a trailing slash. */
  apiBaseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** How often the instance scrapes; `$__rate_interval` is at least four of these. */
  scrapeIntervalSeconds: number;
}

/** @public */
export interface Thresholds {
  errorRatio: { degraded: number; critical: number };
  latencyP99Seconds: { degraded: number; critical: number };
}

/** @public */
export interface ObservabilityConfig {
  instances: PrometheusInstanceConfig[];
  profiles: Map<string, Profile>;
  defaultProfile: string;
  thresholds: Thresholds;
  /** Per entity ref (e.g. `component:default/checkout`), thresholds that replace the defaults. */
  thresholdOverrides: Map<string, Partial<Thresholds>>;
  /** Window of the summary's rates (the instant queries' `$__rate_interval`). */
  summaryWindowSeconds: number;
  maxPointsPerSeries: number;
  cache: { enabled: boolean; maxTtlSeconds: number };
  /** How long an entity and the caller's right to see it are remembered. */
  authorizationCacheSeconds: number;
  /** Where silences are created and the reconciler reads alerts; absent: neither happens. */
  alertmanager?: AlertmanagerConfig;
  alerts: {
    /** Resolved alerts older than this are deleted with their events. */
    retentionDays: number;
    /** How often the reconciler compares the store with Alertmanager. */
    reconcileIntervalSeconds: number;
    /** How often resolved alerts past retention are deleted. */
    retentionIntervalSeconds: number;
  };
}

/** @public */
export interface AlertmanagerConfig {
  baseUrl: string;
  headers: Record<string, string>;
}

/** @public */
export const defaultThresholds: Thresholds = {
  errorRatio: { degraded: 0.01, critical: 0.05 },
  latencyP99Seconds: { degraded: 0.5, critical: 1 },
};

/** @public */
export function readDurationSeconds(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  if (!config?.has(key)) {
    return fallback;
  }
  const value = config.getOptional(key);
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
    if (!match) {
      throw new InputError(
        `observability config: '${key}' must be a duration like 30s or 5m, got '${value}'`,
      );
    }
    const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[
      match[2] as 'ms' | 's' | 'm' | 'h'
    ];
    return Number(match[1]) * factor;
  }
  return durationToMilliseconds(readDurationFromConfig(config, { key })) / 1000;
}

function readPair(config: Config | undefined, key: string) {
  const pair = config?.getOptionalConfig(key);
  if (!pair) return undefined;
  return {
    degraded: pair.getNumber('degraded'),
    critical: pair.getNumber('critical'),
  };
}

function readThresholds(config: Config | undefined): Partial<Thresholds> {
  const errorRatio = readPair(config, 'errorRatio');
  const latencyP99Seconds = readPair(config, 'latencyP99Seconds');
  return {
    ...(errorRatio ? { errorRatio } : {}),
    ...(latencyP99Seconds ? { latencyP99Seconds } : {}),
  };
}

/**
 * Reads and validates `observability.*` once at start-up; a bad value stops the backend early.
 *
 * @public
 */
export function readObservabilityConfig(root: Config): ObservabilityConfig {
  const config = root.getOptionalConfig('observability');
  const instances = (
    config?.getOptionalConfigArray('prometheus.instances') ?? []
  ).map(c => {
    const name = c.getString('name');
    const baseUrl = c.getString('baseUrl').replace(/\/+$/, '');
    const prefix = (c.getOptionalString('pathPrefix') ?? '').replace(
      /\/+$/,
      '',
    );
    if (!/^https?:\/\//.test(baseUrl)) {
      throw new InputError(
        `observability.prometheus.instances '${name}': baseUrl must start with http:// or https://`,
      );
    }
    return {
      name,
      apiBaseUrl: `${baseUrl}${
        prefix && !prefix.startsWith('/') ? '/' : ''
      }${prefix}`,
      headers: c.getOptional<Record<string, string>>('headers') ?? {},
      timeoutMs: readDurationSeconds(c, 'timeout', 30) * 1000,
      scrapeIntervalSeconds: readDurationSeconds(c, 'scrapeInterval', 15),
    };
  });
  const names = new Set<string>();
  for (const instance of instances) {
    if (names.has(instance.name)) {
      throw new InputError(
        `observability.prometheus.instances: duplicate name '${instance.name}'`,
      );
    }
    names.add(instance.name);
  }

  const profiles = new Map<string, Profile>(
    builtinProfiles.map(p => [p.name, p]),
  );
  for (const c of config?.getOptionalConfigArray('profiles') ?? []) {
    const profile = profileFromConfig(c);
    profiles.set(profile.name, profile);
  }
  const defaultProfile =
    config?.getOptionalString('defaultProfile') ?? builtinProfiles[0].name;
  if (!profiles.has(defaultProfile)) {
    throw new InputError(
      `observability.defaultProfile '${defaultProfile}' is not a profile; known: ${[
        ...profiles.keys(),
      ].join(', ')}`,
    );
  }

  const health = config?.getOptionalConfig('health');
  const thresholds = {
    ...defaultThresholds,
    ...readThresholds(health?.getOptionalConfig('thresholds')),
  };
  const thresholdOverrides = new Map<string, Partial<Thresholds>>();
  // A list, not a map: config keys cannot hold the ':' and '/' of an entity ref.
  for (const override of health?.getOptionalConfigArray('entityOverrides') ??
    []) {
    thresholdOverrides.set(
      override.getString('entityRef').toLocaleLowerCase('en-US'),
      readThresholds(override),
    );
  }

  return {
    instances,
    profiles,
    defaultProfile,
    thresholds,
    thresholdOverrides,
    summaryWindowSeconds: readDurationSeconds(config, 'summaryWindow', 300),
    maxPointsPerSeries: config?.getOptionalNumber('maxPointsPerSeries') ?? 1000,
    cache: {
      enabled: config?.getOptionalBoolean('cache.enabled') ?? true,
      maxTtlSeconds: readDurationSeconds(config, 'cache.maxTtl', 300),
    },
    authorizationCacheSeconds: readDurationSeconds(
      config,
      'authorizationCacheTtl',
      10,
    ),
    alertmanager: readAlertmanager(config?.getOptionalConfig('alertmanager')),
    alerts: {
      retentionDays: readRetentionDays(config),
      reconcileIntervalSeconds: readDurationSeconds(
        config,
        'alerts.reconcileInterval',
        60,
      ),
      retentionIntervalSeconds: readDurationSeconds(
        config,
        'alerts.retentionInterval',
        6 * 3600,
      ),
    },
  };
}

function readAlertmanager(
  config: Config | undefined,
): AlertmanagerConfig | undefined {
  if (!config) return undefined;
  const baseUrl = config.getString('baseUrl').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl)) {
    throw new InputError(
      `observability config: 'alertmanager.baseUrl' must be an http(s) URL, got '${baseUrl}'`,
    );
  }
  const headers: Record<string, string> = {};
  const headerConfig = config.getOptionalConfig('headers');
  for (const key of headerConfig?.keys() ?? []) {
    headers[key] = headerConfig!.getString(key);
  }
  return { baseUrl, headers };
}

function readRetentionDays(config: Config | undefined): number {
  const days = config?.getOptionalNumber('alerts.retentionDays') ?? 90;
  if (!Number.isFinite(days) || days < 1) {
    throw new InputError(
      `observability config: 'alerts.retentionDays' must be a number of days, at least 1, got ${days}`,
    );
  }
  return days;
}
