// `npm start`: the demo EMR, preloaded with Vigil from dist/, with a stand-in
// Ollama when no real one answers. Prints the demo and telemetry URLs.
// PORT (default 3000) moves the demo, VIGIL_PORT (default 9464) the telemetry
// server: `PORT=8080 VIGIL_PORT=9465 npm start`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { createFakeOllama } from './fake-ollama.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const ollamaHost = process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434';

async function reachable(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(800) });
    return res.ok;
  } catch {
    return false;
  }
}

let host = ollamaHost;
if (!(await reachable(ollamaHost))) {
  const fake = createFakeOllama();
  await new Promise((r) => fake.listen(0, '127.0.0.1', r));
  host = `http://127.0.0.1:${fake.address().port}`;
  console.log(`No Ollama at ${ollamaHost}: using the built-in stand-in at ${host}`);
}

const port = process.env.PORT ?? '3000';
const vigilPort = process.env.VIGIL_PORT ?? '9464';
const env = {
  ...process.env,
  OLLAMA_HOST: host,
  PORT: port,
  OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME ?? 'emr-clinic',
  VIGIL_PORT: vigilPort,
  OTEL_METRIC_EXPORT_INTERVAL: process.env.OTEL_METRIC_EXPORT_INTERVAL ?? '10000',
  VIGIL_CONFIG: process.env.VIGIL_CONFIG ?? resolve(here, 'vigil.config.yaml'),
};
const child = spawn(process.execPath, ['--import', resolve(root, 'dist/src/register.js'), resolve(here, 'server.mjs')], { env, stdio: 'inherit', cwd: root });
const base = `http://127.0.0.1:${vigilPort}`;
setTimeout(() => {
  console.log(`
  Demo EMR        http://127.0.0.1:${port}
  Load it         node examples/emr-clinic/load.mjs http://127.0.0.1:${port}
  Dashboard       ${base}/monitoring
  Prometheus      ${base}/metrics
  Health          ${base}/health  ${base}/livez  ${base}/readyz
`);
}, 1500).unref();
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 0)));
