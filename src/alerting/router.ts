import express from 'express';
import type { Router } from 'express';
import { alertEvents } from '../store/index.js';
import type { Engine } from './engine.js';
import type { Silences } from './silences.js';
import type { DbGetter, SilenceInput } from './types.js';

/**
 * GET /api/alerts, GET|POST /api/silences, DELETE /api/silences/:id.
 * Mounted by the telemetry server behind its token check.
 */
export function alertingRouter(o: { engine: Engine; silences: Silences; db?: DbGetter | undefined }): Router {
  const r = express.Router();
  r.get('/api/alerts', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query['limit']) || 100, 1), 1000);
    res.json({ active: o.engine.active(), silences: o.silences.list(), recent: recent(o.db, limit) });
  });
  r.get('/api/silences', (_req, res) => {
    res.json(o.silences.list());
  });
  r.post('/api/silences', express.json({ limit: '64kb' }), (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    try {
      const input: SilenceInput = {
        matchers: b['matchers'] as SilenceInput['matchers'],
        ...(b['startsAt'] !== undefined ? { startsAtMs: toMs(b['startsAt']) } : {}),
        ...(b['endsAt'] !== undefined ? { endsAtMs: toMs(b['endsAt']) } : {}),
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

function toMs(v: unknown): number {
  if (typeof v === 'number') return v;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw new Error(`${JSON.stringify(v)} is not a time`);
  return t;
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
