import { useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  DEMO_USER_HEADER,
  DemoPerson,
  GUEST,
  forgetChoice,
  forgettingOnSignOut,
  readDemoPeople,
  rememberChoice,
  rememberedChoice,
} from './demoPeople';

interface ChooserProps {
  people: DemoPerson[];
  error?: Error;
  onChoose(choice: string): void;
}

/** One card per demo person plus guest, laid out like Backstage's own sign-in page. */
function DemoPeopleChooser({ people, error, onChoose }: ChooserProps) {
  return (
    <Page themeId="home">
      <Header title="Backstage observability demo" />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <Alert severity="info">
              Demo sign-in, no password: choose a person of the demo
              organisation to act with their teams&apos; ownership, for example
              to acknowledge and silence their service&apos;s alerts. Guest can
              look at everything and act on nothing.
            </Alert>
          </Grid>
          {error && (
            <Grid item xs={12}>
              <Alert severity="error">Sign-in failed: {error.message}</Alert>
            </Grid>
          )}
          {people.map(person => (
            <Grid item xs={12} sm={6} md={3} key={person.user}>
              <InfoCard
                title={person.user}
                subheader={person.description}
                variant="fullHeight"
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    onClick={() => onChoose(person.user)}
                  >
                    Sign in as {person.user}
                  </Button>
                }
              >
                <Typography variant="body2">
                  Signs in as user:default/{person.user}.
                </Typography>
              </InfoCard>
            </Grid>
          ))}
          <Grid item xs={12} sm={6} md={3}>
            <InfoCard
              title="Guest"
              subheader="Read-only: owns nothing"
              variant="fullHeight"
              actions={
                <Button
                  color="primary"
                  variant="outlined"
                  onClick={() => onChoose(GUEST)}
                >
                  Enter
                </Button>
              }
            >
              <Typography variant="body2">
                Signs in as user:development/guest.
              </Typography>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}

/**
 * The demo portal's sign-in page: guest or one of `auth.providers.demo.people`, each signed in
 * through the backend's proxy providers (`guest`, `demo`). The choice survives reloads until
 * sign-out.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const people = readDemoPeople(useApi(configApiRef));
  const [choice, setChoice] = useState(() => rememberedChoice(people));

  const choose = (next: string) => {
    rememberChoice(next);
    setChoice(next);
  };

  if (choice === undefined) {
    return <DemoPeopleChooser people={people} onChoose={choose} />;
  }
  return (
    <ProxiedSignInPage
      // A new choice after a failed one must start a new sign-in.
      key={choice}
      provider={choice === GUEST ? 'guest' : 'demo'}
      headers={choice === GUEST ? undefined : { [DEMO_USER_HEADER]: choice }}
      onSignInSuccess={identity =>
        props.onSignInSuccess(forgettingOnSignOut(identity))
      }
      ErrorComponent={({ error }) => (
        <DemoPeopleChooser
          people={people}
          error={error}
          onChoose={next => {
            forgetChoice();
            choose(next);
          }}
        />
      )}
    />
  );
}
