import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, test } from 'vitest';
import { ROOT, eventually, startApp, tempDir } from '../helpers/child.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';

const APP = resolve(ROOT, 'test/fixtures/services/logs-app.mjs');

interface Message {
  severity_number: number;
  severity_text: string;
  body: string;
  trace_id: string | null;
  span_id: string | null;
  scope_name: string;
  attributes: string;
}

async function run(env: Record<string, string>): Promise<{ rows: Message[]; stdout: string; span: [string, string] }> {
  const dataDir = tempDir();
  const child = startApp(APP, { VIGIL_DATA_DIR: dataDir, OTEL_BLRP_SCHEDULE_DELAY: '100', ...env });
  try {
    const m = await child.waitFor(/SPAN (\w+) (\w+)/);
    await child.waitFor(/DONE/);
    const want = env.VIGIL_CAPTURE_CONSOLE ? 4 : 3;
    const read = (): Message[] => {
      const d = new DatabaseSync(join(dataDir, 'monitoring.db'), { readOnly: true });
      try {
        return d.prepare('SELECT severity_number, severity_text, body, trace_id, span_id, scope_name, attributes FROM messages ORDER BY id').all() as unknown as Message[];
      } finally {
        d.close();
      }
    };
    await eventually(() => read().length >= want || undefined);
    child.kill();
    await child.exited;
    return { rows: read(), stdout: child.stdout(), span: [m[1], m[2]] };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('log bridges in a real application started with the preload', () => {
  test('pino and winston lines become redacted log records of the active span; the app prints what it printed', async () => {
    const { rows, stdout, span } = await run({});
    const bodies = rows.map((r) => r.body);
    expect(bodies).toEqual(['pino admitted [EMAIL]', 'winston lab result for [MRN] is late', 'winston analyzer offline']);
    for (const r of rows) {
      expect(r.trace_id).toBe(span[0]);
      expect(r.span_id).toBe(span[1]);
    }
    expect(rows.map((r) => r.severity_number)).toEqual([9, 13, 17]);
    expect(JSON.parse(rows[1].attributes)).toMatchObject({ ward: 7 });
    // The application's own output is the unredacted line, with no trace fields added.
    expect(stdout).toContain('"msg":"pino admitted jane@example.com"');
    expect(stdout).not.toContain('trace_id');
    expect(stdout).toContain('winston lab result for MRN-123456 is late');
    // console is opt-in
    expect(bodies.join('\n')).not.toContain('console failed');
  }, 60_000);

  test('the logs pipeline exports the records over OTLP too, redacted, with their trace and span', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const { span } = await run({ OTEL_LOGS_EXPORTER: 'sqlite,otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
      await eventually(() => receiver.json().includes('winston analyzer offline') || undefined);
      const json = receiver.json();
      expect(json).toContain('pino admitted [EMAIL]');
      expect(json).toContain('winston lab result for [MRN] is late');
      expect(json).not.toContain('jane@example.com');
      expect(json).toContain(span[0]);
      expect(json).toContain(span[1]);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  test('VIGIL_CAPTURE_CONSOLE=true: console lines too', async () => {
    const { rows, span } = await run({ VIGIL_CAPTURE_CONSOLE: 'true' });
    const line = rows.find((r) => r.body.startsWith('console failed'));
    expect(line).toMatchObject({ body: 'console failed for [SSN]', severity_text: 'error', trace_id: span[0], span_id: span[1] });
  }, 60_000);
});
