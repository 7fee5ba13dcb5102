import { ConflictError, InputError } from '@backstage/errors';
import {
  createTemplateAction,
  initRepoAndPush,
} from '@backstage/plugin-scaffolder-node';
import { DemoScaffolderConfig } from './demoScaffolderConfig';

const REPO_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * `demo:publish:local-git`, demo only: pushes the workspace to a new repository on the demo
 * stack's git server with scaffolder-node's initRepoAndPush (the same code publish:github and
 * friends push with), standing in for a hosted git provider. Its outputs are what
 * catalog:register needs: the repository's `catalog-info.yaml` as an HTTP URL the catalog's
 * UrlReader reads (backend.reading.allow lists the git server).
 */
export function createPublishLocalGitAction(options: {
  config: DemoScaffolderConfig;
}) {
  const { gitServerUrl } = options.config;
  return createTemplateAction({
    id: 'demo:publish:local-git',
    description:
      "Demo only: publishes the workspace to a new repository on the demo stack's local git server.",
    schema: {
      input: {
        repoName: z => z.string().describe('The new repository, e.g. orders'),
        description: z => z.string().optional(),
      },
      output: {
        remoteUrl: z => z.string(),
        repoContentsUrl: z => z.string(),
        catalogInfoUrl: z => z.string(),
        commitHash: z => z.string(),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      if (!REPO_NAME.test(repoName)) {
        throw new InputError(
          `input.repoName: '${repoName}' is not a repository name (lowercase letters, digits and dashes)`,
        );
      }
      const remoteUrl = `${gitServerUrl}/${repoName}.git`;
      const refs = await fetch(
        `${remoteUrl}/info/refs?service=git-upload-pack`,
      ).catch(e => {
        throw new Error(
          `The demo git server at ${gitServerUrl} does not answer (${e}); is the demo stack running (make start)?`,
        );
      });
      if (refs.ok) {
        throw new ConflictError(
          `A repository ${repoName} already exists at ${remoteUrl}: choose another name`,
        );
      }
      const author = ctx.user?.entity?.spec?.profile;
      const { commitHash } = await initRepoAndPush({
        dir: ctx.workspacePath,
        remoteUrl,
        // The demo git server takes no credentials; initRepoAndPush wants some.
        auth: { username: 'demo', password: 'demo' },
        logger: ctx.logger,
        defaultBranch: 'main',
        commitMessage: `Create ${repoName} from the service-with-monitoring template`,
        gitAuthorInfo: {
          name: author?.displayName ?? ctx.user?.ref ?? 'Backstage scaffolder',
          email: author?.email ?? 'scaffolder@example.com',
        },
      });
      ctx.logger.info(`Pushed ${commitHash} to ${remoteUrl}`);
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${remoteUrl}/raw/main`);
      ctx.output('catalogInfoUrl', `${remoteUrl}/raw/main/catalog-info.yaml`);
      ctx.output('commitHash', commitHash);
    },
  });
}
