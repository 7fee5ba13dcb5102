import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import {
  DEMO_USER_HEADER,
  demoSignInRefusal,
  readDemoPeople,
} from './demoPeople';

interface DemoSignInResult {
  user: string;
}

/**
 * Demo-only proxy provider: the sign-in page names one of the people in
 * `auth.providers.demo.people` in a header and is signed in as that catalog user, with the
 * ownership of their groups. There is no password; see demoSignInRefusal for when it stays off.
 */
export const demoAuthenticator = createProxyAuthenticator<
  Set<string>,
  DemoSignInResult,
  undefined
>({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize({ config }) {
    return new Set(readDemoPeople(config).map(person => person.user));
  },
  async authenticate({ req }, people) {
    const user = req.get(DEMO_USER_HEADER);
    if (!user) {
      throw new AuthenticationError(
        `Demo sign-in needs the ${DEMO_USER_HEADER} header naming a demo person`,
      );
    }
    if (!people.has(user)) {
      throw new NotAllowedError(
        `'${user}' is not one of the demo people in auth.providers.demo.people`,
      );
    }
    return { result: { user } };
  },
});

export const authModuleDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'observability-demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        if (!config.has('auth.providers.demo')) {
          return;
        }
        const refusal = demoSignInRefusal({
          authEnvironment: config.getOptionalString('auth.environment'),
          nodeEnv: process.env.NODE_ENV,
        });
        if (refusal) {
          logger.warn(
            `Demo sign-in (auth.providers.demo) is off because ${refusal}; it signs anyone in without a password and runs only in development`,
          );
          return;
        }
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoAuthenticator,
            // The person's catalog entity gives the token its ownership (their groups).
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: { name: result.user } }),
          }),
        });
      },
    });
  },
});
