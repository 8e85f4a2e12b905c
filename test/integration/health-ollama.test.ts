import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ollamaCheck } from '../../src/health/checks/ollama.js';
import { runCheck } from '../../src/health/run.js';

/** A stand-in Ollama: `GET /` says it is running, `GET /api/tags` lists the given models. */
async function fakeOllama(models: string[]): Promise<{ host: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === '/') return void res.end('Ollama is running');
    if (req.url === '/api/tags') {
      res.setHeader('content-type', 'application/json');
      return void res.end(JSON.stringify({ models: models.map((name) => ({ name, model: name, size: 1 })) }));
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('ollamaCheck against a stand-in server', () => {
  it('passes when the server is up and lists the model (":latest" implied)', async () => {
    const o = await fakeOllama(['llama3:latest', 'medgemma:4b']);
    server = o.server;
    const r = await runCheck(ollamaCheck({ host: o.host, model: 'llama3' }));
    expect(r.result).toMatchObject({ status: 'pass', observedUnit: 'ms' });
    expect(o.seen).toEqual(['GET /', 'GET /api/tags']);
  });

  it('warns when the model is not pulled, naming what is there', async () => {
    const o = await fakeOllama(['medgemma:4b']);
    server = o.server;
    const r = await runCheck(ollamaCheck({ host: o.host, model: 'llama3' }));
    expect(r.result).toMatchObject({ status: 'warn', output: 'model llama3 is not available (listed: medgemma:4b)' });
  });

  it('fails when the server is down', async () => {
    const o = await fakeOllama([]);
    await new Promise((r) => o.server.close(r));
    const r = await runCheck(ollamaCheck({ host: o.host, model: 'llama3' }));
    expect(r.result.status).toBe('fail');
    expect(r.result.output).toMatch(/ECONNREFUSED/);
  });

  it('accepts a host without scheme, as OLLAMA_HOST often is', async () => {
    const o = await fakeOllama([]);
    server = o.server;
    const check = ollamaCheck({ host: o.host.replace('http://', '') + '/' });
    expect(check.componentId).toBe(o.host);
    expect((await runCheck(check)).result.status).toBe('pass');
  });
});
