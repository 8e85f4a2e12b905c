import { describe, expect, it } from 'vitest';
import { ExceptionClaims } from '../../../src/errors/claims.js';

const KEY = ExceptionClaims.key('export failed', 'Error: export failed\n    at job (file:///app.mjs:2:9)');

describe('claims of ended root spans', () => {
  it('answer the same error surfacing outside any span, once each', () => {
    const claims = new ExceptionClaims();
    claims.claim('root-1', KEY, 'event-1', true);
    claims.claim('root-2', KEY, 'event-2', true);
    claims.ended('root-1', undefined, 1_000);
    claims.ended('root-2', undefined, 1_000);
    expect(claims.takeFromRoot(KEY, 1_500)).toBe('event-1');
    expect(claims.takeFromRoot(KEY, 1_500)).toBe('event-2');
    // A third failure of the same throw site is an event of its own.
    expect(claims.takeFromRoot(KEY, 1_500)).toBeUndefined();
  });

  it('wait only a short while', () => {
    const claims = new ExceptionClaims();
    claims.claim('root', KEY, 'event-1', true);
    claims.ended('root', undefined, 1_000);
    expect(claims.takeFromRoot(KEY, 1_000 + 60_000)).toBeUndefined();
  });

  it("keep only what an instrumentation recorded, not the application's own captures", () => {
    const claims = new ExceptionClaims();
    claims.claim('root', KEY, 'event-1', false);
    claims.ended('root', undefined, 1_000);
    expect(claims.takeFromRoot(KEY, 1_000)).toBeUndefined();
  });

  it('pass to the parent while the parent lives, not to the root list', () => {
    const claims = new ExceptionClaims();
    claims.claim('child', KEY, 'event-1', true);
    claims.ended('child', 'parent', 1_000);
    expect(claims.takeFromRoot(KEY, 1_000)).toBeUndefined();
    expect(claims.claimed('parent', KEY)).toBe('event-1');
  });
});
