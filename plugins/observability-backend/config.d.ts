export interface Config {
  /** Configuration of the observability plugins. */
  observability?: {
    prometheus?: {
      /**
       * Prometheus-compatible backends (Prometheus, Thanos, Mimir, Cortex). An entity picks one
       * with the `observability/prometheus-instance` annotation; the first is the default.
       */
      instances: Array<{
        /** Name the annotation refers to. */
        name: string;
        /** Base URL, e.g. http://prometheus:9090 or https://mimir.example.com */
        baseUrl: string;
        /** Path prefix under the base URL, e.g. /prometheus for Mimir and Cortex. */
        pathPrefix?: string;
        /**
         * Extra headers sent upstream: tenant (`X-Scope-OrgID`, `THANOS-TENANT`) or `Authorization`.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /** Upstream request timeout, e.g. `30s` (default). */
        timeout?: string;
        /** How often this instance scrapes, e.g. `15s` (default); sizes `$__rate_interval`. */
        scrapeInterval?: string;
      }>;
    };
    /**
     * Extra signal profiles, beside the built-in `prom-client-http` and `otel-http`. Queries are
     * written without the entity's selector; `$__rate_interval` and `$__interval` are understood.
     */
    profiles?: Array<{
      name: string;
      description?: string;
      /** Requests per second, e.g. `sum(rate(http_requests_total[$__rate_interval]))`. */
      requestRate: string;
      /** Failed requests per second. */
      errorRate: string;
      /** Base name of the latency histogram in seconds, without `_bucket`. */
      latencyHistogram: string;
      /** Extra matchers for the histogram, e.g. `route!="/healthz"`. */
      latencyMatchers?: string;
      saturation: {
        query: string;
        /** One of reqps, ratio, seconds, cores, bytes, count, percent. */
        unit?: string;
        title?: string;
      };
      /** Share of targets up; default `avg(up)`. */
      liveness?: string;
    }>;
    /** Profile for entities without `observability/profile`; default `prom-client-http`. */
    defaultProfile?: string;
    health?: {
      /** Default thresholds of the health verdict. */
      thresholds?: {
        /** Error ratio (0..1); defaults 0.01 and 0.05. */
        errorRatio?: { degraded: number; critical: number };
        /** p99 latency in seconds; defaults 0.5 and 1. */
        latencyP99Seconds?: { degraded: number; critical: number };
      };
      /** Thresholds for single entities. */
      entityOverrides?: Array<{
        /** e.g. `component:default/checkout` */
        entityRef: string;
        errorRatio?: { degraded: number; critical: number };
        latencyP99Seconds?: { degraded: number; critical: number };
      }>;
    };
    /** Window of the summary's rates, e.g. `5m` (default). */
    summaryWindow?: string;
    /** Points per series before the step is raised; default 1000, at most 11000. */
    maxPointsPerSeries?: number;
    cache?: {
      /** Cache upstream results in Backstage's cache service; default true. */
      enabled?: boolean;
      /** Longest a result is kept (old ranges), e.g. `5m` (default). */
      maxTtl?: string;
    };
    /** How long an entity lookup with a caller's credentials is reused; default `10s`. */
    authorizationCacheTtl?: string;
    alerts?: {
      /** Resolved alerts older than this many days are deleted with their events; default 90. */
      retentionDays?: number;
      /** How often the store is reconciled with Alertmanager's own list, e.g. `1m` (default). */
      reconcileInterval?: string;
    };
    alertmanager?: {
      /** Base URL of Alertmanager's API, e.g. http://alertmanager:9093 */
      baseUrl: string;
      /**
       * Extra headers sent to Alertmanager.
       * @visibility secret
       */
      headers?: { [name: string]: string };
    };
  };
}
