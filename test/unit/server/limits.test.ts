import { describe, expect, it } from 'vitest';
import express from 'express';
import { createTelemetryServer } from '../../../src/server/app.js';
import { MAX_QUERY_KEYS, MAX_URL_CHARS } from '../../../src/server/limits.js';
import { MAX_SILENCES, Silences } from '../../../src/alerting/silences.js';

describe('size limits of the telemetry server', () => {
  it('refuses an over-long URL with 414 and parses at most MAX_QUERY_KEYS parameters', async () => {
    const r = express.Router();
    r.get('/api/echo', (req, res) => res.json({ keys: Object.keys(req.query).length }));
    const server = createTelemetryServer({ host: '127.0.0.1', port: 0, routes: async () => ({ protectedRouters: [r] }) });
    const port = (await server.listen())!;
    try {
      const long = await fetch(`http://127.0.0.1:${port}/api/echo?window=${'x'.repeat(MAX_URL_CHARS)}`);
      expect(long.status).toBe(414);
      const many = Array.from({ length: 200 }, (_, i) => `k${i}=1`).join('&');
      const res = await fetch(`http://127.0.0.1:${port}/api/echo?${many}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { keys: number }).keys).toBe(MAX_QUERY_KEYS);
    } finally {
      await server.close();
    }
  });
});

describe('silences are bounded', () => {
  it(`refuses the silence past ${MAX_SILENCES} active ones, with a message the API returns`, () => {
    const now = Date.now();
    const s = new Silences(undefined, () => now);
    for (let i = 0; i < MAX_SILENCES; i++) s.create({ matchers: [{ name: 'alertname', value: `a${i}`, isRegex: false, isEqual: true }], duration: '1h' }, false);
    expect(() => s.create({ matchers: [{ name: 'alertname', value: 'more', isRegex: false, isEqual: true }], duration: '1h' }, false)).toThrow(/too many active silences/);
  });
});
