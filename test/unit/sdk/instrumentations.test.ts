import { describe, expect, it } from 'vitest';
import { INSTRUMENTATION_NAMES } from '../../../src/config/index.js';
import { INSTRUMENTATIONS, hookedModules } from '../../../src/sdk/instrumentations.js';

describe('the instrumentation table', () => {
  it('has a factory for every short name the config accepts, and no other', () => {
    expect(Object.keys(INSTRUMENTATIONS).sort()).toEqual([...INSTRUMENTATION_NAMES].sort());
  });

  it('hooks only the modules of the enabled instrumentations', () => {
    expect(hookedModules(['runtime-node'])).toEqual([]);
    expect(hookedModules(['http'])).toContain('http');
  });

  it('adds no import-in-the-middle hook for the database clients and winston/console, one for pino', () => {
    expect(hookedModules(['node-sqlite', 'pg', 'mysql2', 'redis', 'ioredis', 'winston', 'console'])).toEqual([]);
    expect(hookedModules(['pino'])).toEqual(['pino']);
  });

  it('loads console capture only when VIGIL_CAPTURE_CONSOLE is on', async () => {
    const config = { captureConsole: false } as Parameters<(typeof INSTRUMENTATIONS)['console']['load']>[0]['config'];
    expect(await INSTRUMENTATIONS.console.load({ config })).toEqual({});
    const on = await INSTRUMENTATIONS.console.load({ config: { ...config, captureConsole: true } });
    expect(on.instrumentations).toHaveLength(1);
    on.instrumentations![0].disable();
  });
});
