import { describe, expect, it } from 'vitest';
import express from 'express';
import { request } from 'node:http';
import { rawGet as get } from '../../helpers/raw-get.js';
import { hostAllowed, hostName } from '../../../src/server/host-guard.js';
import { createTelemetryServer } from '../../../src/server/app.js';

describe('hostName', () => {
  it('strips the port, IPv6 brackets and a trailing dot', () => {
    expect(hostName('LocalHost:9464')).toBe('localhost');
    expect(hostName('[::1]:9464')).toBe('::1');
    expect(hostName('::1')).toBe('::1');
    expect(hostName('example.org.')).toBe('example.org');
  });
});

describe('hostAllowed (DNS rebinding)', () => {
  it('answers the bound address, localhost in any port form, and IP literals', () => {
    for (const h of ['127.0.0.1:9464', 'localhost', 'localhost:80', 'LOCALHOST:9464', 'app.localhost:9464', '[::1]:9464', '192.168.1.5:9464']) {
      expect(hostAllowed(h, '127.0.0.1', []), h).toBe(true);
    }
    expect(hostAllowed('clinic-box:9464', 'clinic-box', [])).toBe(true);
  });

  it('refuses any other name, unless VIGIL_ALLOWED_HOSTS lists it', () => {
    expect(hostAllowed('rebind.attacker.example:9464', '127.0.0.1', [])).toBe(false);
    expect(hostAllowed('localhost.attacker.example', '127.0.0.1', [])).toBe(false);
    expect(hostAllowed('monitor.clinic.lan:9464', '127.0.0.1', ['monitor.clinic.lan'])).toBe(true);
    expect(hostAllowed('a.clinic.lan', '127.0.0.1', ['.clinic.lan'])).toBe(true);
    expect(hostAllowed('clinic.lan.evil', '127.0.0.1', ['.clinic.lan'])).toBe(false);
    expect(hostAllowed('anything', '127.0.0.1', ['*'])).toBe(true);
  });
});

describe('the telemetry server refuses a rebound Host on every route', () => {
  it('403 for /metrics, /livez, /api/* and unknown paths; answers localhost', async () => {
    const api = express.Router();
    api.get('/api/export', (_req, res) => res.json({ secret: 'patients' }));
    const server = createTelemetryServer({ host: '127.0.0.1', port: 0, routes: async () => ({ protectedRouters: [api] }) });
    const port = (await server.listen())!;
    try {
      for (const path of ['/metrics', '/livez', '/readyz', '/api/export', '/nope']) {
        const r = await get(port, path, `rebind.test:${port}`);
        expect(r.status, path).toBe(403);
        expect(r.body).toContain('VIGIL_ALLOWED_HOSTS');
        expect(r.body).not.toContain('patients');
      }
      expect((await get(port, '/api/export', `localhost:${port}`)).status).toBe(200);
      expect((await get(port, '/api/export', `127.0.0.1:${port}`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers the names of the allow-list', async () => {
    const server = createTelemetryServer({ host: '127.0.0.1', port: 0, allowedHosts: ['monitor.clinic.lan'] });
    const port = (await server.listen())!;
    try {
      expect((await get(port, '/livez', `monitor.clinic.lan:${port}`)).status).toBe(200);
      expect((await get(port, '/livez', `other.clinic.lan:${port}`)).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});


describe('a state-changing request from a page of another site', () => {
  function post(port: number, host: string, origin: string | undefined): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/silences', method: 'POST', headers: { host, 'content-type': 'text/plain', ...(origin ? { origin } : {}) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
  }

  it('is refused on its Origin; the same origin, no Origin and allow-listed names pass', async () => {
    const api = express.Router();
    api.post('/api/silences', (_req, res) => res.status(201).end());
    const server = createTelemetryServer({ host: '127.0.0.1', port: 0, routes: async () => ({ protectedRouters: [api] }), allowedHosts: ['monitor.clinic.lan'] });
    const port = (await server.listen())!;
    const self = `127.0.0.1:${port}`;
    try {
      expect(await post(port, self, 'http://evil.example')).toBe(403);
      expect(await post(port, self, 'http://203.0.113.9')).toBe(403);
      expect(await post(port, self, 'null')).toBe(403);
      expect(await post(port, self, `http://${self}`)).toBe(201);
      expect(await post(port, self, undefined)).toBe(201);
      expect(await post(port, self, 'https://monitor.clinic.lan')).toBe(201);
    } finally {
      await server.close();
    }
  });
});
