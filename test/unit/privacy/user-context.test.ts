// Issue 12: the user of an error event is stored as its keyed hash; role and
// clinic are kept, names and e-mails never.
import { describe, expect, it } from 'vitest';
import { redactEvent, redactorFromPrivacy } from '../../../src/errors/redact.js';
import type { ErrorEvent } from '../../../src/errors/types.js';
import { strictRedactor } from './phi.js';

describe('user context', () => {
  it('hashes the id, keeps role and clinic, drops the name', () => {
    const r = redactorFromPrivacy(strictRedactor());
    const event = {
      id: 'e1', timeMs: 0, level: 'error', type: 'Error', message: 'x', fingerprint: 'f', fingerprintParts: [],
      user: { id: 'u-77', username: 'Johanna Quackenbush', email: 'jq@example.org', role: 'nurse', clinic: 'north' },
      tags: {}, breadcrumbs: [], frames: [], source: 'exception',
    } as ErrorEvent;
    const out = redactEvent(event, r);
    expect(out.user).toBeUndefined();
    expect(out.userHash).toMatch(/^hmac:/);
    expect(out.tags).toEqual({ 'user.role': 'nurse', 'user.clinic': 'north' });
    expect(JSON.stringify(out)).not.toMatch(/Quackenbush|jq@example|u-77/);
  });
});
