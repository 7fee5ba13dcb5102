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
        /** Upstream request timeout, e.g. `30s`. */
        timeout?: string;
      }>;
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
