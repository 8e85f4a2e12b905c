import { randomUUID } from 'node:crypto';
import { diag } from '@opentelemetry/api';
import { silences as storedSilences } from '../store/index.js';
import { compileMatchers, normaliseMatchers } from './matchers.js';
import type { LabelPredicate } from './matchers.js';
import { silenceWindow } from './silence-time.js';
import type { DbGetter, Labels, Silence, SilenceInput } from './types.js';

/** Active silences at most (API, CLI and config file together). */
export const MAX_SILENCES = 1000;

interface Held {
  silence: Silence;
  pred: LabelPredicate;
  /** Config silences live in memory only. */
  persisted: boolean;
}

/**
 * Silences: matchers plus a time window, persisted in `silences` so they
 * survive restarts and so `vigil silence` (which writes the table) is seen:
 * the table is re-read at most every `refreshMs`.
 */
export class Silences {
  private readonly held = new Map<string, Held>();
  private lastRefresh = -Infinity;
  /** Unreadable rows already reported (once each). */
  private readonly skipped = new Set<string>();

  constructor(
    private readonly db: DbGetter | undefined,
    private readonly now: () => number,
    private readonly refreshMs = 10_000,
  ) {}

  /** Validate and store. Throws on bad input (the API answers 400 with the message). */
  create(input: SilenceInput, persist = true): Silence {
    const matchers = normaliseMatchers(input.matchers);
    const now = this.now();
    // Bounded: each silence is checked against every alert, and the API is open to scripts.
    if ([...this.held.values()].filter((h) => h.silence.endsAtMs > now).length >= MAX_SILENCES) throw new Error(`too many active silences (the limit is ${MAX_SILENCES}); expire some first`);
    const { startsAtMs, endsAtMs } = silenceWindow(input, now);
    const silence: Silence = {
      id: randomUUID(),
      matchers,
      startsAtMs,
      endsAtMs,
      createdBy: input.createdBy ?? 'api',
      comment: input.comment ?? '',
      createdAtMs: now,
    };
    this.held.set(silence.id, { silence, pred: compileMatchers(matchers), persisted: persist });
    if (persist) this.write(silence);
    return silence;
  }

  /** End a silence now. False when unknown or already over. */
  expire(id: string): boolean {
    this.refresh(true);
    const h = this.held.get(id);
    const now = this.now();
    if (!h || h.silence.endsAtMs <= now) return false;
    h.silence.endsAtMs = Math.max(now, h.silence.startsAtMs);
    if (h.persisted) this.write(h.silence);
    return true;
  }

  /** Silences not yet over (active and future ones). */
  list(): Silence[] {
    this.refresh(false);
    const now = this.now();
    return [...this.held.values()].map((h) => h.silence).filter((s) => s.endsAtMs > now);
  }

  /** The silence that mutes these labels now, if any. */
  match(labels: Labels): Silence | undefined {
    this.refresh(false);
    const now = this.now();
    for (const h of this.held.values()) {
      if (h.silence.startsAtMs <= now && now < h.silence.endsAtMs && h.pred(labels)) return h.silence;
    }
    return undefined;
  }

  private refresh(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastRefresh < this.refreshMs) return;
    this.lastRefresh = now;
    try {
      const db = this.db?.();
      if (!db) return;
      const { silences, skipped } = storedSilences(db, { now });
      for (const silence of silences) this.held.set(silence.id, { silence, pred: compileMatchers(silence.matchers), persisted: true });
      for (const s of skipped) {
        if (this.skipped.has(s.id)) continue;
        this.skipped.add(s.id);
        diag.warn(`vigil alerting: silence ${s.id} ignored: ${s.reason}`);
      }
    } catch (err) {
      diag.warn(`vigil alerting: cannot read silences: ${(err as Error).message}`);
    }
  }

  private write(s: Silence): void {
    try {
      this.db?.()
        ?.prepare('INSERT OR REPLACE INTO silences (id, matchers, starts_ms, ends_ms, created_by, comment, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(s.id, JSON.stringify(s.matchers), s.startsAtMs, s.endsAtMs, s.createdBy, s.comment, s.createdAtMs);
    } catch (err) {
      diag.warn(`vigil alerting: cannot store silence ${s.id}: ${(err as Error).message}`);
    }
  }
}
