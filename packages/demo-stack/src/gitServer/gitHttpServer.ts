import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { isRepositoryName } from './names';
import { gitEnv, runGit, runGitOrThrow } from './runGit';

export interface GitHttpServerOptions {
  /** The folder holding the bare repositories (`<root>/<name>.git`). */
  root: string;
  /** 0 picks a free port (the returned url has the real one). */
  port: number;
  host?: string;
  /** Where git's own complaints go (the managed process's log); silent by default. */
  log?: (message: string) => void;
}

export interface GitHttpServer {
  /** `http://<host>:<port>`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** What `git check-ref-format` would mostly accept, minus anything that could be an option. */
const refPattern = /^[A-Za-z0-9._/-]+$/;
/** What follows `/<name>.git/` for git's own endpoints (info/refs, git-upload-pack, objects/…). */
const gitPathPattern = /^[A-Za-z0-9._/-]*$/;

function isValidRef(ref: string): boolean {
  return (
    refPattern.test(ref) &&
    !ref.includes('..') &&
    !ref.startsWith('-') &&
    !ref.startsWith('/') &&
    !ref.endsWith('/')
  );
}

function isValidFileSegment(segment: string): boolean {
  return (
    segment !== '' &&
    segment !== '.' &&
    segment !== '..' &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f]/.test(segment)
  );
}

function sendText(
  res: http.ServerResponse,
  status: number,
  text: string,
): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Git's own heuristic: a NUL byte in the first 8000 bytes makes a file binary. */
function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

/**
 * Serves the bare repositories under `root` over git's smart HTTP protocol, the way a company's
 * git host would: clone and fetch for anyone, push as the demo user, and a first push to a name
 * that does not exist yet creates the repository (the scaffolder's publish step pushes to a new
 * repository and expects it to appear). `git http-backend` does the protocol work as a CGI
 * program; this server only maps requests to it, plus a raw-file route for the catalog.
 */
export async function startGitHttpServer(
  options: GitHttpServerOptions,
): Promise<GitHttpServer> {
  const root = path.resolve(options.root);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  mkdirSync(root, { recursive: true });

  // Two pushes racing to create the same repository must not both run `git init`.
  const creating = new Map<string, Promise<void>>();
  const ensureRepository = (name: string): Promise<void> => {
    const dir = path.join(root, name);
    if (existsSync(dir)) {
      return Promise.resolve();
    }
    let pending = creating.get(name);
    if (!pending) {
      pending = (async () => {
        await runGitOrThrow(['init', '--bare', '--initial-branch=main', dir]);
        await runGitOrThrow(['config', 'http.receivepack', 'true'], {
          cwd: dir,
        });
        log(`created repository ${name}`);
      })().finally(() => creating.delete(name));
      creating.set(name, pending);
    }
    return pending;
  };

  const listRepositories = (): string[] =>
    readdirSync(root, { withFileTypes: true })
      .filter(entry => entry.isDirectory() && isRepositoryName(entry.name))
      .map(entry => entry.name)
      .sort();

  let baseUrl = '';

  const handleListing = (res: http.ServerResponse) => {
    const repos = listRepositories();
    const lines = [
      'Demo git server: the local repositories the scaffolder publishes to (demo only).',
      '',
      ...(repos.length
        ? repos.map(
            name =>
              `${name}\n  clone:   git clone ${baseUrl}/${name}\n  catalog: ${baseUrl}/${name}/raw/main/catalog-info.yaml`,
          )
        : ['No repositories yet: the first push to /<name>.git creates one.']),
    ];
    sendText(res, 200, `${lines.join('\n')}\n`);
  };

  /** `GET /<name>.git/raw/<ref>/<path>`: one file of one commit, for the catalog's UrlReader. */
  const handleRaw = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    repoDir: string,
    rawPath: string,
  ) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Only GET and HEAD are supported here\n');
      return;
    }
    let segments: string[];
    try {
      segments = rawPath.split('/').map(s => decodeURIComponent(s));
    } catch {
      sendText(res, 400, 'Malformed path\n');
      return;
    }
    if (segments.length < 2) {
      sendText(res, 400, 'Expected /<name>.git/raw/<ref>/<path>\n');
      return;
    }
    // A ref may hold slashes (feature/x) and so may the path: try the shortest ref first, as
    // GitHub's raw URLs do, and take the first split whose ref names a commit.
    let commit: string | undefined;
    let filePath: string | undefined;
    let sawValidRef = false;
    for (let i = 1; i < segments.length && !commit; i++) {
      const ref = segments.slice(0, i).join('/');
      const fileSegments = segments.slice(i);
      if (!isValidRef(ref) || !fileSegments.every(isValidFileSegment)) {
        continue;
      }
      sawValidRef = true;
      const result = await runGit(
        ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`],
        { cwd: repoDir },
      );
      if (result.code === 0) {
        commit = result.stdout.toString('utf8').trim();
        filePath = fileSegments.join('/');
      }
    }
    if (!sawValidRef) {
      sendText(res, 400, 'Invalid ref or path\n');
      return;
    }
    if (!commit || !filePath) {
      sendText(res, 404, 'No such ref\n');
      return;
    }
    const object = await runGit(
      ['rev-parse', '--verify', '--quiet', `${commit}:${filePath}`],
      { cwd: repoDir },
    );
    const oid = object.stdout.toString('utf8').trim();
    const type =
      object.code === 0
        ? (await runGit(['cat-file', '-t', oid], { cwd: repoDir })).stdout
            .toString('utf8')
            .trim()
        : '';
    if (type !== 'blob') {
      sendText(res, 404, 'No such file\n');
      return;
    }
    // The blob id is a perfect ETag: the UrlReader sends it back and gets a cheap 304.
    const etag = `"${oid}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    const content = await runGitOrThrow(['cat-file', 'blob', oid], {
      cwd: repoDir,
    });
    res.writeHead(200, {
      'Content-Type': looksBinary(content)
        ? 'application/octet-stream'
        : 'text/plain; charset=utf-8',
      'Content-Length': content.length,
      ETag: etag,
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  };

  /** Everything else under `/<name>.git/` goes to `git http-backend` as CGI (RFC 3875). */
  const handleGit = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathInfo: string,
    query: string,
  ) => {
    const cgiEnv: NodeJS.ProcessEnv = {
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: pathInfo,
      QUERY_STRING: query,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: 'demo',
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    };
    // Unset (not 0) when unknown: http-backend then reads the body to EOF, which is what a
    // chunked request (isomorphic-git sends those) needs.
    if (req.headers['content-length'] !== undefined) {
      cgiEnv.CONTENT_LENGTH = req.headers['content-length'];
    }
    // http-backend inflates gzip bodies itself when told so (the git CLI gzips big requests).
    if (req.headers['content-encoding']) {
      cgiEnv.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
    }
    // Lets a git CLI client speak protocol v2; without it both sides fall back to v0.
    const gitProtocol = req.headers['git-protocol'];
    if (typeof gitProtocol === 'string') {
      cgiEnv.HTTP_GIT_PROTOCOL = gitProtocol;
    }
    const child = spawn('git', ['http-backend'], {
      env: gitEnv(cgiEnv),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stderr: Buffer[] = [];
    child.stderr.on('data', chunk => stderr.push(chunk));
    // http-backend may answer (e.g. 403) without reading the whole body.
    child.stdin.on('error', () => {});
    req.pipe(child.stdin);
    res.on('close', () => {
      if (child.exitCode === null) {
        child.kill();
      }
    });

    let head = Buffer.alloc(0);
    let headersSent = false;
    const onHeadData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      // CGI allows bare LF line ends; http-backend writes CRLF.
      const blankLine = /\r?\n\r?\n/.exec(head.toString('latin1'));
      if (!blankLine) {
        return;
      }
      const end = { at: blankLine.index, length: blankLine[0].length };
      child.stdout.off('data', onHeadData);
      child.stdout.pause();
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head
        .subarray(0, end.at)
        .toString('latin1')
        .split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') {
          status = Number(value.split(' ')[0]) || 500;
        } else {
          headers[name] = value;
        }
      }
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(end.at + end.length));
      child.stdout.pipe(res);
    };
    child.stdout.on('data', onHeadData);

    child.on('error', error => {
      log(`git http-backend could not start: ${error}`);
      if (!headersSent) {
        headersSent = true;
        sendText(res, 500, 'git http-backend could not start\n');
      }
    });
    child.on('close', code => {
      const message = Buffer.concat(stderr).toString('utf8').trim();
      if (message) {
        log(`git http-backend ${req.method} ${pathInfo}: ${message}`);
      }
      if (!headersSent) {
        headersSent = true;
        sendText(
          res,
          502,
          `git http-backend ended (exit ${code}) without a response\n`,
        );
      }
    });
  };

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    // Parsed by hand: `new URL` would resolve `..` segments before they could be refused.
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const pathname = queryAt >= 0 ? rawUrl.slice(0, queryAt) : rawUrl;
    const query = queryAt >= 0 ? rawUrl.slice(queryAt + 1) : '';
    if (pathname === '/') {
      handleListing(res);
      return;
    }
    const match = /^\/([^/]+)(?:\/(.*))?$/.exec(pathname);
    const name = match?.[1] ?? '';
    const rest = match?.[2] ?? '';
    // The name check is what keeps every path inside `root`: no dots but the one of `.git`, no
    // slashes, no encodings.
    if (!isRepositoryName(name)) {
      sendText(res, 404, 'No such repository\n');
      return;
    }
    const repoDir = path.join(root, name);
    if (rest.startsWith('raw/')) {
      if (!existsSync(repoDir)) {
        sendText(res, 404, 'No such repository\n');
        return;
      }
      await handleRaw(req, res, repoDir, rest.slice('raw/'.length));
      return;
    }
    if (
      !gitPathPattern.test(rest) ||
      rest.split('/').some(s => s === '..' || s === '.')
    ) {
      sendText(res, 400, 'Invalid path\n');
      return;
    }
    if (!existsSync(repoDir)) {
      const isPushDiscovery =
        req.method === 'GET' &&
        rest === 'info/refs' &&
        new URLSearchParams(query).get('service') === 'git-receive-pack';
      if (!isPushDiscovery) {
        sendText(res, 404, 'No such repository\n');
        return;
      }
      await ensureRepository(name);
    }
    handleGit(req, res, `/${name}/${rest}`, query);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
      log(`${req.method} ${req.url} failed: ${error}`);
      if (!res.headersSent) {
        sendText(res, 500, 'Internal error\n');
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: baseUrl,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
