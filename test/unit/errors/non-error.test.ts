import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorTracker } from '../../../src/errors/index.js';
import type { ErrorTracker } from '../../../src/errors/index.js';
import { events, tempDb } from './helpers.js';
import type { TempDb } from './helpers.js';

class ValidationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ValidationError';
  }
}

class DbError extends Error {}

describe('non-Error throws and error chains', () => {
  let t: TempDb;
  let tr: ErrorTracker;
  beforeEach(() => {
    t = tempDb();
    tr = createErrorTracker({ db: () => t.db });
  });
  afterEach(() => t.close());

  async function stored(thrown: unknown) {
    const id = tr.captureException(thrown);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    await tr.flush();
    const row = events(t.db).find((e) => e.id === id)!;
    return { ...row, stack: JSON.parse(row.stack), context: row.context ? JSON.parse(row.context) : undefined };
  }

  it('captures a thrown string as its message, with the capture site as the stack', async () => {
    const e = await stored('payment gateway unreachable');
    expect(e).toMatchObject({ type: 'Error', message: 'payment gateway unreachable' });
    expect(e.stack.frames[0].file).toContain('non-error.test.ts');
  });

  it('captures numbers, null and undefined', async () => {
    expect((await stored(42)).message).toBe('Non-Error thrown: number 42');
    expect((await stored(null)).message).toBe('Non-Error thrown: null');
    expect((await stored(undefined)).message).toBe('Non-Error thrown: undefined');
  });

  it('captures a plain object by its keys and keeps it as context', async () => {
    const e = await stored({ code: 'E_LOCKED', status: 423 });
    expect(e.message).toBe('Non-Error object thrown with keys: code, status');
    expect(e.context.thrown).toEqual({ code: 'E_LOCKED', status: 423 });
  });

  it('captures a cyclic object, marking the cycle', async () => {
    const o: Record<string, unknown> = { reason: 'loop' };
    o.self = o;
    const e = await stored(o);
    expect(e.context.thrown).toEqual({ reason: 'loop', self: '[Circular]' });
  });

  it('uses the subclass name as the type and keeps the cause chain', async () => {
    const root = new DbError('SQLITE_BUSY: database is locked');
    const e = await stored(new ValidationError('visit could not be saved', { cause: root }));
    expect(e.type).toBe('ValidationError');
    expect(e.stack.causes).toHaveLength(1);
    expect(e.stack.causes[0]).toMatchObject({ type: 'DbError', message: 'SQLITE_BUSY: database is locked' });
  });

  it('keeps the members of an AggregateError', async () => {
    const e = await stored(new AggregateError([new Error('a'), 'b'], 'two lookups failed'));
    expect(e.type).toBe('AggregateError');
    expect(e.stack.causes.map((c: { message: string }) => c.message)).toEqual(['a', 'b']);
  });

  it('survives an error whose cause is itself', async () => {
    const err = new Error('self-caused');
    (err as { cause?: unknown }).cause = err;
    const e = await stored(err);
    expect(e.stack.causes ?? []).toHaveLength(0);
  });

  it('captures an object whose getters throw', async () => {
    const hostile = { get message(): string { throw new Error('nope'); } };
    const e = await stored(hostile);
    expect(e.type).toBe('Error');
    expect(typeof e.message).toBe('string');
  });
});
