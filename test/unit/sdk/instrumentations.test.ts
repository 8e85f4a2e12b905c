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
});
