import { createHash } from 'node:crypto';
import express from 'express';

interface Serialized {
  bytes: Buffer;
  etag: string;
}

/**
 * A response body serialized once: the bytes and a strong ETag of them, remembered for as long
 * as the body object lives. Bodies built from cached upstream results are themselves reused
 * (see ResultMemo), so a warm view is sent without serializing it again, and a client that
 * already holds it (If-None-Match) gets a 304 without a body.
 */
const serializedBodies = new WeakMap<object, Serialized>();

function serialize(body: object): Serialized {
  const known = serializedBodies.get(body);
  if (known) return known;
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const etag = `"${createHash('sha1').update(bytes).digest('base64url')}"`;
  const serialized = { bytes, etag };
  serializedBodies.set(body, serialized);
  return serialized;
}

/** Whether an If-None-Match header names this ETag (a list, weak forms, or `*`). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch
    .split(',')
    .map(tag => tag.trim().replace(/^W\//, ''))
    .includes(etag);
}

/** Sends `body` as JSON with its ETag, or 304 when the caller's copy is current. */
export function sendJson(
  req: express.Request,
  res: express.Response,
  body: object,
): void {
  const { bytes, etag } = serialize(body);
  res.setHeader('ETag', etag);
  // The answer depends on the caller's credentials: private to them, revalidated every time.
  res.setHeader('Cache-Control', 'private, no-cache');
  if (matches(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}
