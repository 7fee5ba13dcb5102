import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort } from '../stack/freePort';
import { GitHttpServer, startGitHttpServer } from './gitHttpServer';
import { commitAndPush, initAndPush } from './__testUtils__/isomorphicPush';
import { gitEnv } from './runGit';

// The real git CLI (for `git http-backend`, clone and push) and isomorphic-git (what the
// scaffolder pushes with) against a real server on a free port, in temporary directories.
jest.setTimeout(30_000);

// Asynchronous on purpose: a synchronous clone would block the very server it talks to.
const git = (args: string[], cwd?: string) =>
  new Promise<string>((resolve, reject) =>
    execFile('git', args, { cwd, env: gitEnv() }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${error.message}\n${stderr}`))
        : resolve(stdout),
    ),
  );

/** A request with the path exactly as given: fetch would resolve `..` before sending it. */
function rawGet(
  url: string,
  requestPath: string,
  headers: http.OutgoingHttpHeaders = {},
): Promise<{
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: requestPath, headers }, res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

describe('git smart-HTTP server', () => {
  let tmp: string;
  let root: string;
  let server: GitHttpServer;
  let work: string;

  beforeAll(async () => {
    await git(['--version']);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'git-server-test-'));
    root = path.join(tmp, 'repos');
    server = await startGitHttpServer({ root, port: await freePort() });
    work = path.join(tmp, 'work');
    mkdirSync(path.join(work, 'docs'), { recursive: true });
    writeFileSync(
      path.join(work, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: hello-svc\n',
    );
    writeFileSync(path.join(work, 'docs', 'index.md'), '# Hello\n');
    writeFileSync(path.join(work, 'logo.bin'), Buffer.from([1, 0, 2, 3]));
  });

  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('creates the repository on the first push (isomorphic-git, as initRepoAndPush)', async () => {
    expect(existsSync(path.join(root, 'hello-svc.git'))).toBe(false);
    await initAndPush({ dir: work, remoteUrl: `${server.url}/hello-svc.git` });
    const repo = path.join(root, 'hello-svc.git');
    expect(
      (await git(['rev-parse', '--is-bare-repository'], repo)).trim(),
    ).toBe('true');
    expect((await git(['config', 'http.receivepack'], repo)).trim()).toBe(
      'true',
    );
    expect((await git(['symbolic-ref', 'HEAD'], repo)).trim()).toBe(
      'refs/heads/main',
    );
    const listing = await (await fetch(`${server.url}/`)).text();
    expect(listing).toContain('hello-svc.git');
    expect(listing).toContain(`git clone ${server.url}/hello-svc.git`);
  });

  it('gives the files back to `git clone`', async () => {
    const clone = path.join(tmp, 'clone');
    await git(['clone', '--depth', '1', `${server.url}/hello-svc.git`, clone]);
    expect(readFileSync(path.join(clone, 'docs', 'index.md'), 'utf8')).toBe(
      '# Hello\n',
    );
    expect(
      (await git(['rev-parse', '--abbrev-ref', 'HEAD'], clone)).trim(),
    ).toBe('main');
  });

  it('serves raw files of a ref, with an ETag, text or binary', async () => {
    const res = await fetch(
      `${server.url}/hello-svc.git/raw/main/catalog-info.yaml`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toContain('name: hello-svc');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const again = await fetch(
      `${server.url}/hello-svc.git/raw/main/catalog-info.yaml`,
      { headers: { 'If-None-Match': etag! } },
    );
    expect(again.status).toBe(304);

    const nested = await fetch(
      `${server.url}/hello-svc.git/raw/refs/heads/main/docs/index.md`,
    );
    expect(await nested.text()).toBe('# Hello\n');
    const binary = await fetch(`${server.url}/hello-svc.git/raw/main/logo.bin`);
    expect(binary.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(
      Buffer.from([1, 0, 2, 3]),
    );
  });

  it('answers 404 for a missing repository, ref or file, and creates nothing on a fetch', async () => {
    const status = async (p: string) => (await rawGet(server.url, p)).status;
    expect(await status('/nope.git/raw/main/catalog-info.yaml')).toBe(404);
    expect(await status('/hello-svc.git/raw/nope/catalog-info.yaml')).toBe(404);
    expect(await status('/hello-svc.git/raw/main/nope.yaml')).toBe(404);
    // A directory is not a file.
    expect(await status('/hello-svc.git/raw/main/docs')).toBe(404);
    expect(await status('/nope.git/info/refs?service=git-upload-pack')).toBe(
      404,
    );
    expect(existsSync(path.join(root, 'nope.git'))).toBe(false);
  });

  it('refuses bad names, refs and paths, never leaving the root', async () => {
    writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
    const badNames = [
      '/Hello.git/info/refs?service=git-receive-pack',
      '/hello_svc.git/info/refs?service=git-receive-pack',
      '/-x.git/info/refs?service=git-receive-pack',
      '/hello-svc/info/refs?service=git-receive-pack',
      '/..%2fsecret.git/info/refs?service=git-receive-pack',
      '/../secret.txt',
      '/hello-svc.git/../../secret.txt',
      '/hello-svc.git/%2e%2e/%2e%2e/secret.txt',
      '/hello-svc.git/raw/main/../../../secret.txt',
      '/hello-svc.git/raw/main/docs/%2e%2e/catalog-info.yaml',
      '/hello-svc.git/raw/main//catalog-info.yaml',
      '/hello-svc.git/raw/..%2f..%2fmain/catalog-info.yaml',
      '/hello-svc.git/raw/-main/catalog-info.yaml',
      '/hello-svc.git/raw/main~1/catalog-info.yaml',
      '/hello-svc.git/raw/main%3Acatalog-info.yaml/x',
    ];
    for (const p of badNames) {
      const res = await rawGet(server.url, p);
      // The path in the expectation names the case that failed.
      expect({ p, refused: [400, 404].includes(res.status) }).toEqual({
        p,
        refused: true,
      });
      expect(res.body.toString()).not.toContain('secret');
    }
    // Nothing was created for any of them.
    expect(readdirSync(root).sort()).toEqual(['hello-svc.git']);
  });

  it('takes a second push and moves main (isomorphic-git)', async () => {
    writeFileSync(path.join(work, 'docs', 'index.md'), '# Hello again\n');
    const commit = await commitAndPush({ dir: work, message: 'Second' });
    const remoteMain = (
      await git(['ls-remote', `${server.url}/hello-svc.git`, 'main'])
    )
      .split('\t')[0]
      .trim();
    expect(remoteMain).toBe(commit);
    const raw = await fetch(
      `${server.url}/hello-svc.git/raw/main/docs/index.md`,
    );
    expect(await raw.text()).toBe('# Hello again\n');
  });

  it('takes pushes from the git CLI, with a Content-Length body and a chunked one', async () => {
    const cli = path.join(tmp, 'cli');
    mkdirSync(cli);
    await git(['init', '--initial-branch=main'], cli);
    const commitAll = async (message: string) => {
      await git(['add', '.'], cli);
      await git(
        ['-c', 'user.name=t', '-c', 'user.email=t@x', 'commit', '-m', message],
        cli,
      );
    };
    writeFileSync(path.join(cli, 'small.txt'), 'small\n');
    await commitAll('small');
    await git(['push', `${server.url}/from-cli.git`, 'main'], cli);
    // Random bytes do not compress: with a 64 KiB post buffer git streams the pack chunked.
    const big = randomBytes(300_000);
    writeFileSync(path.join(cli, 'big.bin'), big);
    await commitAll('big');
    await git(
      [
        '-c',
        'http.postBuffer=65536',
        'push',
        `${server.url}/from-cli.git`,
        'main',
      ],
      cli,
    );
    const res = await fetch(`${server.url}/from-cli.git/raw/main/big.bin`);
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
  });

  it('inflates a gzip-encoded request body (the git CLI gzips large fetch negotiations)', async () => {
    const head = (await git(['rev-parse', 'HEAD'], work)).trim();
    const pktLine = (line: string) =>
      `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
    const body = gzipSync(
      `${pktLine(`want ${head} ofs-delta\n`)}0000${pktLine('done\n')}`,
    );
    const res = await fetch(`${server.url}/hello-svc.git/git-upload-pack`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-git-upload-pack-request',
        'Content-Encoding': 'gzip',
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/x-git-upload-pack-result',
    );
    const result = Buffer.from(await res.arrayBuffer());
    expect(result.includes('PACK')).toBe(true);
  });
});
