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
    /**
     * How long an entity lookup with a caller's credentials, and the alert history's answer to
     * "may this caller acknowledge or silence", are reused; default `10s`. Writes always ask.
     */
    authorizationCacheTtl?: string;
    alerts?: {
      /** Resolved alerts older than this many days are deleted with their events; default 90. */
      retentionDays?: number;
      /** How often the store is reconciled with Alertmanager's own list, e.g. `1m` (default). */
      reconcileInterval?: string;
      /** How often resolved alerts past retentionDays are deleted, e.g. `6h` (default). */
      retentionInterval?: string;
    };
    alertmanager?: {
      /** Base URL of Alertmanager's API, e.g. http://alertmanager:9093 */
      baseUrl: string;
      /**
       * Extra headers sent to Alertmanager.
       * @visibility secret
       */
      headers?: { [name: string]: string };
      /**
       * Receivers that owning groups' alerts are routed to, exactly as alertmanager.yml writes
       * them (`name` plus `slack_configs`, `email_configs`, `pagerduty_configs`,
       * `webhook_configs`…). A Group's `observability/alert-receiver` annotation names one of
       * them; `GET /alertmanager/routes` renders the routes. Settings and secrets stay here,
       * never in the catalog.
       * @visibility secret
       */
      receivers?: Array<{ name: string; [setting: string]: unknown }>;
      /** The receiver that posts to the portal's webhook; every alert continues to it. Default `backstage`. */
      portalReceiver?: string;
    };
    /** Trace backends: Jaeger (api_v3, or v1 for servers without it) and Grafana Tempo. */
    traces?: {
      /**
       * An entity picks one with `observability/trace-instance`; the first is the default. The
       * entity's `observability/trace-service` names its spans' `service.name`.
       */
      instances: Array<{
        /** Name the annotation refers to; also shown in the UI. */
        name: string;
        /** `jaeger` (api_v3 detected, else v1) or `tempo`. */
        type: 'jaeger' | 'tempo';
        /** Jaeger's query service (e.g. http://jaeger:16686) or Tempo's HTTP API (http://tempo:3200). */
        baseUrl: string;
        /**
         * Extra headers sent upstream: tenant (`X-Scope-OrgID`) or `Authorization`.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /** Upstream request timeout, e.g. `15s` (default). */
        timeout?: string;
        /** Link templates with `{traceId}`, `{spanId}`, `{service}`, `{start}`, `{end}` (ms since the epoch). */
        links?: {
          /**
           * The trace in the instance's own UI, e.g. `http://jaeger:16686/trace/{traceId}`.
           * @visibility frontend
           */
          trace?: string;
          /**
           * Logs of the trace or span (Loki, Kibana, ...).
           * @visibility frontend
           */
          logs?: string;
        };
      }>;
    };
    /** Alert rules rendered from templates for every entity with a Prometheus selector. */
    alertRules?: {
      /**
       * Template uses every entity gets, in the shape of the `observability/alert-rules`
       * annotation (which adds to, tunes or switches off these). Default: error-ratio, latency,
       * target-down and slo-burn with their default parameters.
       */
      defaults?: Array<{
        /** A template id, e.g. `error-ratio`. */
        template: string;
        /** Parameters of the template, e.g. `{ threshold: 0.02, for: 5m }`. */
        params?: { [name: string]: number | string };
        /** `false` leaves the template out. */
        enabled?: boolean;
      }>;
      /**
       * How rules reach each Prometheus instance; an instance without an entry is export only
       * (the rule file routes still serve its entities' rules).
       */
      delivery?: Array<{
        /** The name of an instance of `observability.prometheus.instances`. */
        instance: string;
        /**
         * `files`: a rule directory the backend writes plus `POST /-/reload` (Prometheus runs
         * with `--web.enable-lifecycle`); `ruler`: the Mimir/Cortex/Loki ruler API; `none`:
         * export only (GitOps).
         */
        type: 'files' | 'ruler' | 'none';
        /** files: the directory Prometheus' `rule_files` glob (`<dir>/*.yml`) reads. */
        directory?: string;
        /** files: base URL for `/-/reload`; default the instance's baseUrl. */
        reloadUrl?: string;
        /** ruler: the ruler's base URL, e.g. https://mimir.example.com */
        baseUrl?: string;
        /** ruler: `/prometheus` (Mimir, default), `` (Cortex) or `/loki` (Loki). */
        pathPrefix?: string;
        /**
         * ruler: tenant (`X-Scope-OrgID`) and auth headers.
         * @visibility secret
         */
        headers?: { [name: string]: string };
      }>;
      /** How often rules are reconciled, e.g. `1m` (default). */
      interval?: string;
      /** The promtool binary rules are checked with before delivery (default `promtool`); `false`: none. */
      promtool?: string | false;
    };
  };
}
