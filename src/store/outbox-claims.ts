import type { DatabaseSync } from 'node:sqlite';

/**
 * The outbox's claim columns: a row being sent carries who sends it and
 * until when, so processes sharing one monitoring.db never send the same
 * row twice, and a row claimed by a process that died is free again once
 * the claim lapses. Added in place when missing: by the store's migration 6,
 * and by the outbox itself on a database the store never migrated.
 */
export function ensureClaimColumns(db: DatabaseSync): void {
  const cols = new Set((db.prepare('PRAGMA table_info(outbox)').all() as { name: string }[]).map((c) => c.name));
  if (!cols.has('claimed_by')) db.exec('ALTER TABLE outbox ADD COLUMN claimed_by TEXT');
  if (!cols.has('claim_until_ms')) db.exec('ALTER TABLE outbox ADD COLUMN claim_until_ms INTEGER');
}

/** Long enough for one send with its timeout; short enough that a dead process's rows wait little. */
export const CLAIM_MS = 60_000;
