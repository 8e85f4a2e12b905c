import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { resolve } from 'node:path';
import { ROOT, freePort, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';

const APP = resolve(ROOT, 'test/fixtures/apps/express-app.mjs');
let child: Child | undefined;
let blocker: Server | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  blocker?.close();
});

/** The application serves requests, and stderr has exactly one vigil line matching the pattern. */
async function expectOneLineAndServing(env: Record<string, string>, pattern: RegExp): Promise<string> {
  child = startApp(APP, env);
  const [, port] = await child.waitFor(/LISTENING (\d+)/);
  expect((await fetch(`http://127.0.0.1:${port}/patients/1`)).status).toBe(200);
  const lines = child.stderr().split('\n').filter((l) => l.startsWith('vigil:'));
  const matching = lines.filter((l) => pattern.test(l));
  expect(matching, child.stderr()).toHaveLength(1);
  expect(child.stderr()).not.toMatch(/^\s+at /m);
  return matching[0]!;
}

describe('bad configuration: one clear line, the application still serves', () => {
  it('unknown exporter', async () => {
    const line = await expectOneLineAndServing({ OTEL_TRACES_EXPORTER: 'zipkinn' }, /OTEL_TRACES_EXPORTER/);
    expect(line).toContain('"zipkinn"');
    expect(line).toContain('accepted: sqlite, otlp, console, none');
  });

  it('port out of range', async () => {
    const line = await expectOneLineAndServing({ VIGIL_PORT: '70000' }, /VIGIL_PORT/);
    expect(line).toContain('"70000"');
    expect(line).toContain('telemetry server is off');
  });

  it('port already taken', async () => {
    const port = await freePort();
    blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker!.once('listening', r));
    const line = await expectOneLineAndServing({ VIGIL_PORT: String(port) }, /VIGIL_PORT/);
    expect(line).toContain(`127.0.0.1:${port} is already in use`);
  });

  it('malformed YAML names the file and line', async () => {
    const dir = tempDir();
    const file = resolve(dir, 'vigil.config.yaml');
    writeFileSync(file, 'health:\n  checks:\n    - type: disk\n   bad: [unclosed\n');
    const line = await expectOneLineAndServing({ VIGIL_CONFIG: file }, /vigil\.config\.yaml/);
    expect(line).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
    expect(line).toContain('invalid YAML');
  });

  it('unknown section in the config file names its line', async () => {
    const dir = tempDir();
    const file = resolve(dir, 'vigil.config.yaml');
    writeFileSync(file, '# comment\nhealth: {}\nalertz: []\n');
    const line = await expectOneLineAndServing({ VIGIL_CONFIG: file }, /alertz/);
    expect(line).toContain(`${file}:3`);
  });

  it('an ftp:// OTLP endpoint: OTLP off in one line instead of retried forever', async () => {
    const line = await expectOneLineAndServing({ OTEL_TRACES_EXPORTER: 'otlp,sqlite', OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector:21' }, /OTLP|otlp/);
    expect(line).toBe('vigil: OTEL_EXPORTER_OTLP_ENDPOINT: "ftp://collector:21" is not an http(s) URL; OTLP export is off');
  });

  it('malformed OTEL_EXPORTER_OTLP_HEADERS: named, without its secret', async () => {
    const line = await expectOneLineAndServing({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: 'x-team=emr,Authorization Bearer s3cret' }, /HEADERS/);
    expect(line).toContain('OTEL_EXPORTER_OTLP_HEADERS: entry 2 is not key=value');
    expect(line).not.toContain('s3cret');
  });

  it('malformed OTEL_RESOURCE_ATTRIBUTES', async () => {
    const line = await expectOneLineAndServing({ OTEL_RESOURCE_ATTRIBUTES: 'team=emr,broken' }, /OTEL_RESOURCE_ATTRIBUTES/);
    expect(line).toContain('"broken" is not key=value');
  });

  it('slow_operations.default_ms: "fast" is a bad value at its line, not an unknown key', async () => {
    const file = resolve(tempDir(), 'vigil.config.yaml');
    writeFileSync(file, 'slow_operations:\n  default_ms: "fast"\n');
    const line = await expectOneLineAndServing({ VIGIL_CONFIG: file }, /default_ms/);
    expect(line).toBe(`vigil: ${file}:2: default_ms "fast" is not a positive number of ms; using 1000`);
  });

  it('a config file over the size limit is refused before it is parsed', async () => {
    const file = resolve(tempDir(), 'vigil.config.yaml');
    writeFileSync(file, 'alerts:\n  rules:\n' + '    - { name: r, expr: "error_rate > 0.5" }\n'.repeat(60_000));
    const line = await expectOneLineAndServing({ VIGIL_CONFIG: file }, /limit/);
    expect(line).toMatch(/ kB is over the 128 kB limit of a config file; continuing without it$/);
  });

  it('a missing config file given by VIGIL_CONFIG', async () => {
    const line = await expectOneLineAndServing({ VIGIL_CONFIG: '/nonexistent/vigil.yaml' }, /nonexistent/);
    expect(line).toContain('cannot read the config file (ENOENT)');
  });
});

describe('OTEL_SDK_DISABLED=true', () => {
  it('starts no server and patches nothing', async () => {
    const vigilPort = await freePort();
    child = startApp(resolve(ROOT, 'test/fixtures/apps/disabled-probe.mjs'), { OTEL_SDK_DISABLED: 'true', VIGIL_PORT: String(vigilPort) });
    const [, json] = await child.waitFor(/PROBE (.*)\n/);
    const probe = JSON.parse(json!) as { emitPatched: boolean; tracer: string };
    expect(probe.emitPatched).toBe(false);
    expect(probe.tracer).toBe('ProxyTracer');
    await expect(fetch(`http://127.0.0.1:${vigilPort}/metrics`)).rejects.toThrow();
  });

  it('control: without it the same probe sees the patch', async () => {
    child = startApp(resolve(ROOT, 'test/fixtures/apps/disabled-probe.mjs'), {});
    const [, json] = await child.waitFor(/PROBE (.*)\n/);
    expect(JSON.parse(json!).emitPatched).toBe(true);
  });
});
