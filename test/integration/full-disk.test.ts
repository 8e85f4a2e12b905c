import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NODE, REGISTER, ROOT, tempDir } from '../helpers/child.js';

// A full disk that also holds the application's stderr: Vigil's own lines
// fail to write, and that must never end the application (it used to exit 1
// with nothing said, leaving an empty crash file).
const APP = resolve(ROOT, 'test/fixtures/storage/app.mjs');

const mountPoint = tempDir('vigil-full-');
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  // not allowed here: the file-size limit below stands in for the full disk
}
const how = mounted ? 'tmpfs' : 'ulimit -f';

beforeAll(() => {
  // The crashes folder exists already, as after an earlier crash: only the report's bytes find no room.
  for (const name of ['serving', 'crashing']) mkdirSync(join(mountPoint, name, 'data', 'crashes'), { recursive: true });
  if (!mounted) return;
  try {
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(4 * 1024 * 1024));
  } catch {
    // ENOSPC: what was written fills the disk
  }
});

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
});

/** The fixture app with its data dir and stderr on the full disk; resolves its port and exit. */
async function startOnFullDisk(name: string) {
  const dataDir = join(mountPoint, name, 'data');
  const stderrFile = join(mountPoint, name, 'stderr.txt');
  // SIGXFSZ ignored so a write over the limit fails with EFBIG, as a full disk fails with ENOSPC.
  const limit = mounted ? '' : "trap '' XFSZ; ulimit -f 0; ";
  const proc = spawn('sh', ['-c', `${limit}exec "${NODE}" --import "${REGISTER}" "${APP}" 2>"${stderrFile}"`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0', OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_METRIC_EXPORT_INTERVAL: '500' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const port = await new Promise<string>((res, rej) => {
    const t = setInterval(() => {
      const m = out.match(/LISTENING (\d+)/);
      if (!m) return;
      clearInterval(t);
      res(m[1]!);
    }, 20);
    void exited.then((code) => {
      clearInterval(t);
      rej(new Error(`exited ${code} before listening`));
    });
  });
  return { proc, port, exited, dataDir };
}

function emptyFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => statSync(join(dir, f)).size === 0) : [];
}

describe(`a full disk holding the data dir and stderr (${how})`, () => {
  it('the application keeps serving and exits 0', async () => {
    const app = await startOnFullDisk('serving');
    // Enough requests for several failing span, log and metric batches, each a line Vigil cannot write.
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`http://127.0.0.1:${app.port}/patients/${i}`);
      expect(await res.text()).toBe('ok');
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect(app.proc.exitCode).toBeNull();
    app.proc.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    // The redaction key could not be kept: its temp file is not left behind, empty.
    expect(readdirSync(app.dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it("the application's own crash still exits 1, and leaves no empty crash file behind", async () => {
    const app = await startOnFullDisk('crashing');
    await fetch(`http://127.0.0.1:${app.port}/crash`);
    expect(await app.exited).toBe(1);
    expect(emptyFiles(join(app.dataDir, 'crashes'))).toEqual([]);
  });
});
