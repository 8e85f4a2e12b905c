import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIRED_NODE, nodeSupported } from '../../../src/node-version.js';

describe('node version gate', () => {
  it('matches package.json engines', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${REQUIRED_NODE.replace(/\.0$/, '')}`);
  });

  it('compares versions numerically', () => {
    expect(nodeSupported('20.20.2')).toBe(false);
    expect(nodeSupported('22.14.9')).toBe(false);
    expect(nodeSupported('22.15.0')).toBe(true);
    expect(nodeSupported('22.9.0')).toBe(false);
    expect(nodeSupported('24.1.0')).toBe(true);
    expect(nodeSupported('100.0.0')).toBe(true);
  });
});
