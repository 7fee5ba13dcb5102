import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

export type ReplayAnswer = {
  status?: number;
  /** A JSON value, or a string sent as text (Go's plain `404 page not found`). */
  body: unknown;
};

/**
 * A local HTTP server that answers each path with a recorded or documented response and records
 * every request, so tests can assert on exactly what went upstream. For the upstreams that cannot
 * run here (Jaeger, Tempo); each test says where its responses come from.
 */
export async function startReplayServer(
  answer: (request: RecordedRequest) => ReplayAnswer | undefined,
) {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    const recorded: RecordedRequest = {
      method: req.method!,
      path: url.pathname,
      params: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    requests.push(recorded);
    const reply = answer(recorded) ?? {
      status: 404,
      body: '404 page not found\n',
    };
    const text =
      typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res
      .writeHead(reply.status ?? 200, {
        'Content-Type':
          typeof reply.body === 'string' ? 'text/plain' : 'application/json',
      })
      .end(text);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
