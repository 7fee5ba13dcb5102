import { ConfigApi, IdentityApi } from '@backstage/frontend-plugin-api';

/** Matches DEMO_USER_HEADER in packages/backend/src/demoSignIn; the e2e sign-in proves they agree. */
export const DEMO_USER_HEADER = 'x-observability-demo-user';

/** The choice is remembered here so a reload signs the same person in; sign-out forgets it. */
export const SIGN_IN_CHOICE_KEY = '@internal/observability-demo:sign-in-as';

export const GUEST = 'guest';

export interface DemoPerson {
  user: string;
  description?: string;
}

/** `auth.providers.demo.people`, or none when the demo provider is not configured. */
export function readDemoPeople(config: ConfigApi): DemoPerson[] {
  return (
    config.getOptionalConfigArray('auth.providers.demo.people') ?? []
  ).map(entry => ({
    user: entry.getString('user'),
    description: entry.getOptionalString('description'),
  }));
}

/** The remembered choice, if it is still on offer (guest or a listed person). */
export function rememberedChoice(people: DemoPerson[]): string | undefined {
  const choice = window.localStorage.getItem(SIGN_IN_CHOICE_KEY) ?? undefined;
  if (choice === GUEST || people.some(person => person.user === choice)) {
    return choice;
  }
  return undefined;
}

export function rememberChoice(choice: string): void {
  window.localStorage.setItem(SIGN_IN_CHOICE_KEY, choice);
}

export function forgetChoice(): void {
  window.localStorage.removeItem(SIGN_IN_CHOICE_KEY);
}

/** The signed-in identity, but signing out also forgets who was chosen. */
export function forgettingOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      forgetChoice();
      await identity.signOut();
    },
  };
}
