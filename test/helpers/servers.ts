import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real database servers for the tests, each on its own loopback port and
 * temp data dir, installed by test/e2e/install-deps.sh (CI runs it before
 * `npm test`). `available()` says why a server cannot run here, so a test
 * can skip with that reason on a developer machine without the package.
 * Node built-ins only, so that bench/ (plain Node, type stripping) uses it too.
 */
export interface TestServer {
  host: '127.0.0.1';
  port: number;
  dir: string;
  stop(): Promise<void>;
}

const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

function pgBin(name: string): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', name))) return join(base, v, 'bin', name);
  return undefined;
}

function onPath(name: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin'])) if (d && existsSync(join(d, name))) return join(d, name);
  return undefined;
}

/**
 * Why the server cannot be started on this machine, or undefined when it can.
 * In CI (`CI` set) never a reason to skip: a missing server fails the test.
 */
export function missing(kind: 'postgres' | 'mariadb' | 'redis'): string | undefined {
  if (process.env.CI) return undefined;
  const need = { postgres: pgBin('initdb') && pgBin('pg_ctl'), mariadb: onPath('mariadbd') && onPath('mariadb-install-db'), redis: onPath('redis-server') }[kind];
  return need ? undefined : `${kind} is not installed (bash test/e2e/install-deps.sh installs it)`;
}

/** PostgreSQL (which refuses to run as root: as the `postgres` user then), trust auth, user `postgres`. */
export async function startPostgres(): Promise<TestServer> {
  const dir = tempDir('vigil-pg-');
  const port = await freePort();
  const as = (bin: string, args: string[]): string => {
    const cmd = ROOT ? 'runuser' : bin;
    const argv = ROOT ? ['-u', 'postgres', '--', bin, ...args] : args;
    return execFileSync(cmd, argv, { stdio: 'pipe', timeout: 60_000 }).toString();
  };
  if (ROOT) chownSync(dir, uid('postgres'), gid('postgres'));
  const data = join(dir, 'data');
  as(pgBin('initdb')!, ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '--no-instructions']);
  as(pgBin('pg_ctl')!, ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`]);
  return {
    host: '127.0.0.1',
    port,
    dir,
    async stop() {
      try {
        as(pgBin('pg_ctl')!, ['stop', '-m', 'immediate', '-D', data]);
      } catch {
        // already gone
      }
    },
  };
}

/** MariaDB without grant tables (any user, no password), database `test` absent: tests create their own. */
export async function startMariadb(): Promise<TestServer> {
  const dir = tempDir('vigil-maria-');
  const port = await freePort();
  const data = join(dir, 'data');
  execFileSync(onPath('mariadb-install-db')!, [`--datadir=${data}`, '--user=root', '--skip-test-db', '--auth-root-authentication-method=normal'], { stdio: 'pipe', timeout: 120_000 });
  const proc = spawn(
    onPath('mariadbd')!,
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${join(dir, 'sock')}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      '--skip-grant-tables',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=16M',
      `--pid-file=${join(dir, 'pid')}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await ready(proc, port, 'mariadbd');
  return { host: '127.0.0.1', port, dir, stop: () => stopChild(proc) };
}

/** Redis with persistence off. */
export async function startRedis(): Promise<TestServer> {
  const dir = tempDir('vigil-redis-');
  const port = await freePort();
  const proc = spawn(onPath('redis-server')!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  await ready(proc, port, 'redis-server');
  return { host: '127.0.0.1', port, dir, stop: () => stopChild(proc) };
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A port the kernel just handed out on loopback, released for the server to take. */
function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

function gid(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim());
}

/** Resolves when the port accepts connections; rejects if the process exits first. */
async function ready(proc: ChildProcess, port: number, name: string, timeoutMs = 60_000): Promise<void> {
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  let exited = false;
  proc.once('exit', () => (exited = true));
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (exited) throw new Error(`${name} exited: ${err.slice(-2000)}`);
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`${name} did not listen on ${port} in ${timeoutMs} ms: ${err.slice(-2000)}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), res(true)));
    s.once('error', () => res(false));
  });
}

function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    proc.once('exit', () => res());
    proc.kill('SIGKILL');
  });
}
