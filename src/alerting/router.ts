import express from 'express';
import type { Router } from 'express';
import { alertEvents } from '../store/index.js';
import type { Engine } from './engine.js';
import { silenceTimeMs } from './silence-time.js';
import type { Silences } from './silences.js';
import type { DbGetter, SilenceInput } from './types.js';

/**
 * GET /api/alerts, GET|POST /api/silences, DELETE /api/silences/:id.
 * Mounted by the telemetry server behind its token check.
 */
export function alertingRouter(o: { engine: Engine; silences: Silences; db?: DbGetter | undefined }): Router {
  const r = express.Router();
  r.get('/api/alerts', (req, res) => {
    // Paged: 4,935 firing alerts once made a 1.8 MB answer. `byRule` and `truncated` tell what the page leaves out.
    const limit = Math.min(Math.max(Math.trunc(Number(req.query['limit'])) || 100, 1), 1000);
    const offset = Math.max(Math.trunc(Number(req.query['offset'])) || 0, 0);
    const active = o.engine.active().sort((a, b) => (b.startsAtMs ?? b.activeAtMs) - (a.startsAtMs ?? a.activeAtMs));
    const byRule = new Map<string, number>();
    for (const a of active) byRule.set(a.rule, (byRule.get(a.rule) ?? 0) + 1);
    res.json({
      active: active.slice(offset, offset + limit),
      activeTotal: active.length,
      offset,
      limit,
      byRule: [...byRule].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count),
      truncated: o.engine.truncated(),
      silences: o.silences.list(),
      recent: recent(o.db, limit),
    });
  });
  r.get('/api/silences', (_req, res) => {
    res.json(o.silences.list());
  });
  r.post('/api/silences', express.json({ limit: '64kb' }), (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    try {
      const input: SilenceInput = {
        matchers: b['matchers'] as SilenceInput['matchers'],
        ...(b['startsAt'] !== undefined ? { startsAtMs: silenceTimeMs(b['startsAt'], 'startsAt') } : {}),
        ...(b['endsAt'] !== undefined ? { endsAtMs: silenceTimeMs(b['endsAt'], 'endsAt') } : {}),
        ...(b['duration'] !== undefined ? { duration: b['duration'] as string } : {}),
        createdBy: typeof b['createdBy'] === 'string' ? b['createdBy'] : 'api',
        comment: typeof b['comment'] === 'string' ? b['comment'] : '',
      };
      const s = o.silences.create(input);
      res.status(201).json(s);
    } catch (err) {
      res.status(400).json({ error: (err as Error).message });
    }
  });
  r.delete('/api/silences/:id', (req, res) => {
    if (o.silences.expire(req.params.id)) res.status(204).end();
    else res.status(404).json({ error: 'no such active silence' });
  });
  return r;
}

function recent(db: DbGetter | undefined, limit: number): unknown[] {
  try {
    const handle = db?.();
    if (!handle) return [];
    return alertEvents(handle, { limit });
  } catch {
    return [];
  }
}
