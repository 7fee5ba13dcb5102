export interface Config {
  auth?: {
    providers?: {
      /** Demo-only sign-in (packages/backend/src/demoSignIn); the sign-in page lists these people. */
      demo?: {
        /** @visibility frontend */
        people?: Array<{
          /**
           * User entity name in the default namespace.
           * @visibility frontend
           */
          user: string;
          /**
           * What the sign-in page says about the person.
           * @visibility frontend
           */
          description?: string;
        }>;
      };
    };
  };
}
