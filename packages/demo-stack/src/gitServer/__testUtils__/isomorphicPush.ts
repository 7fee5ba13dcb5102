import fs from 'node:fs';
// isomorphic-git is what the scaffolder's publish step pushes with (initRepoAndPush in
// @backstage/plugin-scaffolder-node), so the tests push with it too. It is in the monorepo's
// node_modules through the scaffolder, not declared by this package.
// eslint-disable-next-line @backstage/no-undeclared-imports
import git from 'isomorphic-git';
// eslint-disable-next-line @backstage/no-undeclared-imports
import http from 'isomorphic-git/http/node';

const author = { name: 'Scaffolder', email: 'scaffolder@backstage.io' };

/** What initRepoAndPush does: init, add everything, commit, push to `remoteUrl`. */
export async function initAndPush(options: {
  dir: string;
  remoteUrl: string;
  message?: string;
}): Promise<string> {
  const { dir, remoteUrl } = options;
  await git.init({ fs, dir, defaultBranch: 'main' });
  await git.add({ fs, dir, filepath: '.' });
  const commit = await git.commit({
    fs,
    dir,
    message: options.message ?? 'Initial commit',
    author,
    committer: author,
  });
  await git.addRemote({ fs, dir, remote: 'origin', url: remoteUrl });
  const result = await git.push({ fs, http, dir, remote: 'origin' });
  if (!result.ok) {
    throw new Error(`push failed: ${JSON.stringify(result)}`);
  }
  return commit;
}

/** A later commit on the same working copy, pushed as commitAndPushRepo would. */
export async function commitAndPush(options: {
  dir: string;
  message: string;
}): Promise<string> {
  const { dir } = options;
  await git.add({ fs, dir, filepath: '.' });
  const commit = await git.commit({
    fs,
    dir,
    message: options.message,
    author,
    committer: author,
  });
  const result = await git.push({ fs, http, dir, remote: 'origin' });
  if (!result.ok) {
    throw new Error(`push failed: ${JSON.stringify(result)}`);
  }
  return commit;
}
