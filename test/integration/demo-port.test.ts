import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ROOT, eventually } from '../helpers/child.js';
import { startDemo } from '../helpers/demo.js';
import type { Demo } from '../helpers/demo.js';

// The demo on another PORT (and with the config file npm start gives it):
// its own API health check follows PORT instead of probing 3000.
let demo: Demo | undefined;
afterEach(() => demo?.stop());

describe('the demo EMR on a PORT other than 3000', () => {
  it('probes its API where it listens', async () => {
    demo = await startDemo({ VIGIL_CONFIG: resolve(ROOT, 'examples/emr-clinic/vigil.config.yaml') });
    expect(demo.appUrl).not.toContain(':3000');
    const body = await eventually(async () => {
      const res = await fetch(`${demo!.vigilUrl}/health?verbose`);
      const json = (await res.json()) as { checks?: Record<string, { status: string }[]> };
      const api = Object.entries(json.checks ?? {}).find(([k]) => k.startsWith('emr-api'));
      return api ? json : undefined;
    });
    const [, results] = Object.entries(body.checks!).find(([k]) => k.startsWith('emr-api'))!;
    expect(results[0]!.status).toBe('pass');
    expect(demo.app.stderr()).not.toContain('emr-api');
  });
});
