import express from 'express';
import request from 'supertest';
import { sendJson } from './serializedJson';

describe('sendJson', () => {
  const bodies: Record<string, object> = {
    a: { series: [{ values: [[1, 2]] }] },
    b: { series: [] },
  };
  const app = express();
  app.get('/:name', (req, res) => sendJson(req, res, bodies[req.params.name]));

  it('answers the JSON with a strong ETag, private and revalidated', async () => {
    const res = await request(app).get('/a');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(bodies.a);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.headers['cache-control']).toBe('private, no-cache');
  });

  it('answers 304 without a body to a client holding the current copy, in any If-None-Match form', async () => {
    const { etag } = (await request(app).get('/a')).headers;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await request(app).get('/a').set('If-None-Match', header);
      expect(res.status).toBe(304);
      expect(res.text).toBe('');
    }
  });

  it('answers in full to a client holding another version', async () => {
    const etagA = (await request(app).get('/a')).headers.etag;
    const res = await request(app).get('/b').set('If-None-Match', etagA);
    expect(res.status).toBe(200);
    expect(res.headers.etag).not.toBe(etagA);
    expect(res.body).toEqual(bodies.b);
  });
});
