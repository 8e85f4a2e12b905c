/**
 * A one-line progress bar on stderr for cleanup, aggregate and export. Only
 * on a terminal (stdout stays clean for JSON and pipes), redrawn at most ten
 * times a second.
 */
export interface CliProgress {
  update(done: number, total: number): void;
  done(): void;
}

const FRAME_MS = 100;

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): CliProgress {
  if (stream.isTTY !== true) return { update: () => {}, done: () => {} };
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number): void => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const width = 24;
    const filled = Math.round(ratio * width);
    stream.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total}\x1b[K`);
    drawn = true;
  };
  let latest: [number, number] = [0, 0];
  return {
    update(done, total) {
      latest = [done, total];
      const now = Date.now();
      if (now - last < FRAME_MS && done < total) return;
      last = now;
      draw(done, total);
    },
    done() {
      if (drawn) {
        draw(latest[1], latest[1]);
        stream.write('\n');
      }
    },
  };
}
