import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { resolve } from 'node:path';

/**
 * `observabilityDemo.scaffolder` in app-config.yaml: where the demo's local git server and
 * demo stack are. Demo only: app-config.production.yaml has none of it, and the actions that
 * read it are not registered outside development (see demoScaffolderModule).
 */
export interface DemoScaffolderConfig {
  /** The demo stack's git smart-HTTP server, e.g. http://127.0.0.1:8930 */
  gitServerUrl: string;
  /** The demo stack's run directory (`.run/demo-stack`), absolute. */
  runDir: string;
  /** Where deployed services send their spans (the demo trace store's OTLP endpoint). */
  traceEndpoint?: string;
}

export function readDemoScaffolderConfig(
  config: Config,
): DemoScaffolderConfig | undefined {
  const c = config.getOptionalConfig('observabilityDemo.scaffolder');
  if (!c) return undefined;
  const gitServerUrl = c.getString('gitServerUrl').replace(/\/+$/, '');
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(gitServerUrl)) {
    throw new InputError(
      `observabilityDemo.scaffolder.gitServerUrl must be the demo's local git server (http://127.0.0.1:<port>), got '${gitServerUrl}'`,
    );
  }
  return {
    gitServerUrl,
    // Relative to the backend's working directory (packages/backend), like the other paths.
    runDir: resolve(c.getString('runDir')),
    traceEndpoint: c.getOptionalString('traceEndpoint'),
  };
}
