import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS, round, schedule } from './defaults.js';

export interface BackupCheckOptions extends CheckOptions {
  dir: string;
  /** A file-name glob (`*` and `?`); default `*`. */
  pattern?: string;
  /** Default 26: a nightly backup plus slack for a slow night. */
  maxAgeHours?: number;
}

/** Backup freshness: the newest file in `dir` matching `pattern` must be younger than `maxAgeHours`. */
export function backupCheck(o: BackupCheckOptions): HealthCheck {
  const pattern = o.pattern ?? '*';
  const re = globToRegExp(pattern);
  const maxAgeHours = o.maxAgeHours ?? 26;
  return {
    ...schedule(o, { name: `backup:${o.dir}`, critical: false, interval: INTERVALS.backup }),
    component: 'backup',
    measurement: 'age',
    componentId: `${o.dir}/${pattern}`,
    componentType: 'component',
    async run() {
      let newest: { name: string; mtimeMs: number } | undefined;
      for (const ent of await readdir(o.dir, { withFileTypes: true })) {
        if (!ent.isFile() || !re.test(ent.name)) continue;
        const { mtimeMs } = await stat(join(o.dir, ent.name));
        if (!newest || mtimeMs > newest.mtimeMs) newest = { name: ent.name, mtimeMs };
      }
      if (!newest) return { status: 'fail', output: `no file matching ${pattern} in ${o.dir}` };
      const hours = round((Date.now() - newest.mtimeMs) / 3_600_000);
      const fresh = hours <= maxAgeHours;
      return {
        status: fresh ? 'pass' : 'fail',
        observedValue: hours,
        observedUnit: 'h',
        output: fresh ? undefined : `newest backup ${newest.name} is ${hours} h old (max ${maxAgeHours} h)`,
        details: { file: newest.name, modified: new Date(newest.mtimeMs).toISOString() },
      };
    },
  };
}

export function globToRegExp(glob: string): RegExp {
  const body = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}
