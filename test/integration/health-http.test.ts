import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCheck } from '../../src/health/checks/http.js';
import { runCheck } from '../../src/health/run.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 150);
    if (req.url === '/hang') return; // never answers
    if (req.url === '/broken') {
      res.statusCode = 500;
      return void res.end('oops');
    }
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('httpCheck', () => {
  it('passes on the expected status with its latency; defaults to 60 s', async () => {
    const check = httpCheck({ url: `${base}/ok`, expectStatus: 200 });
    expect(check.intervalMs).toBe(60_000);
    const r = await runCheck(check);
    expect(r.result).toMatchObject({ status: 'pass', observedUnit: 'ms', details: { statusCode: 200 } });
  });

  it('fails on an unexpected status', async () => {
    const r = await runCheck(httpCheck({ url: `${base}/broken` }));
    expect(r.result).toMatchObject({ status: 'fail', output: `${base}/broken answered 500 (expected below 400)` });
    const exact = await runCheck(httpCheck({ url: `${base}/ok`, expectStatus: [204] }));
    expect(exact.result.output).toMatch(/answered 200 \(expected 204\)/);
  });

  it('warns when slower than slowMs', async () => {
    const r = await runCheck(httpCheck({ url: `${base}/slow`, slowMs: 50 }));
    expect(r.result.status).toBe('warn');
    expect(r.result.observedValue).toBeGreaterThanOrEqual(50);
  });

  it('fails at its timeout when the endpoint hangs', async () => {
    const r = await runCheck(httpCheck({ url: `${base}/hang`, timeoutMs: 100 }));
    expect(r.result).toMatchObject({ status: 'fail', output: 'timed out after 100 ms' });
  });

  it('fails when the endpoint is down', async () => {
    const down = createServer();
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(down.address() as AddressInfo).port}/`;
    await new Promise((r) => down.close(r));
    const r = await runCheck(httpCheck({ url }));
    expect(r.result.status).toBe('fail');
    expect(r.result.output).toMatch(/fetch failed \(ECONNREFUSED\)/);
  });

  it('keeps credentials and query strings out of names and outputs', () => {
    const check = httpCheck({ url: 'http://user:secret@127.0.0.1:1/fhir/Patient?name=Doe' });
    expect(check.name).toBe('http:http://127.0.0.1:1/fhir/Patient');
    expect(JSON.stringify(check)).not.toMatch(/secret|Doe/);
  });
});
