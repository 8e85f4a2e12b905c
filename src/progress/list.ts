import type { DatabaseSync } from 'node:sqlite';
import { Router } from 'express';
import { trackedJobs } from './registry.js';
import { loadProgress } from './store.js';
import type { ProgressStatus } from './types.js';

/**
 * Jobs of this process (live) merged with the `progress` table (other
 * processes, finished jobs); the live status wins for the same job id.
 */
export function listProgress(db?: DatabaseSync): ProgressStatus[] {
  const byId = new Map<string, ProgressStatus>();
  if (db !== undefined) for (const s of loadProgress(db)) byId.set(s.jobId, s);
  for (const t of trackedJobs()) byId.set(t.jobId, t.status());
  return [...byId.values()].sort((a, b) => b.updatedMs - a.updatedMs);
}

export interface ProgressRouterOptions {
  /** The store's handle (a read-only one is enough). */
  db?: () => DatabaseSync | undefined;
}

/** An Express router serving `GET /api/progress` → `{ jobs: ProgressStatus[] }`. Mount at the app root. */
export function progressRouter(options: ProgressRouterOptions = {}): Router {
  const router = Router();
  router.get('/api/progress', (_req, res) => {
    res.json({ jobs: listProgress(options.db?.()) });
  });
  return router;
}
