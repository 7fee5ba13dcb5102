import { Config } from '@backstage/config';

/** The request header the demo sign-in page sends with the chosen person's user name. */
export const DEMO_USER_HEADER = 'x-observability-demo-user';

/** One person offered on the demo sign-in page (`auth.providers.demo.people[]`). */
export interface DemoPerson {
  /** User entity name in the default namespace, e.g. `alice`. */
  user: string;
  /** What the sign-in page says about them, e.g. "team-checkout: owns checkout". */
  description?: string;
}

// Catalog entity names: letters, digits and [-_.], at most 63 characters.
const ENTITY_NAME = /^[a-z0-9A-Z]([-_.a-z0-9A-Z]{0,61}[a-z0-9A-Z])?$/;

/** Reads and validates the people list; a bad entry names its index so the operator can fix it. */
export function readDemoPeople(providerConfig: Config): DemoPerson[] {
  const entries = providerConfig.getOptionalConfigArray('people') ?? [];
  if (entries.length === 0) {
    throw new Error(
      'auth.providers.demo.people is empty: list the catalog users the demo may sign in as',
    );
  }
  return entries.map((entry, index) => {
    const user = entry.getString('user');
    if (!ENTITY_NAME.test(user)) {
      throw new Error(
        `auth.providers.demo.people[${index}].user '${user}' is not a catalog entity name`,
      );
    }
    return { user, description: entry.getOptionalString('description') };
  });
}

/**
 * Why the demo provider must stay off, or undefined when it may run. It signs anyone in as any
 * listed person without a password, so it runs only in a development backend (`yarn start` sets
 * NODE_ENV=development) whose `auth.environment` is `development`; app-config.production.yaml sets
 * `auth.environment: production`, and a production build runs with NODE_ENV=production.
 */
export function demoSignInRefusal(options: {
  authEnvironment: string | undefined;
  nodeEnv: string | undefined;
}): string | undefined {
  if (options.nodeEnv !== 'development') {
    return `NODE_ENV is '${options.nodeEnv ?? ''}', not 'development'`;
  }
  if ((options.authEnvironment ?? 'development') !== 'development') {
    return `auth.environment is '${options.authEnvironment}', not 'development'`;
  }
  return undefined;
}
