import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { NODE, ROOT, freePort, startApp, tempDir } from './child.js';
import type { Child } from './child.js';

export interface Demo {
  /** The demo EMR's base URL and the telemetry server's. */
  appUrl: string;
  vigilUrl: string;
  vigilPort: number;
  dataDir: string;
  app: Child;
  /** `examples/emr-clinic/load.mjs` against the demo, `rounds` times round the clinic. */
  load(rounds: number): void;
  stop(): void;
}

/** The demo EMR under the preload, with its stand-in Ollama, on free loopback ports and a fresh data dir. */
export async function startDemo(env: Record<string, string> = {}): Promise<Demo> {
  const ollamaPort = await freePort();
  const ollama = startApp(resolve(ROOT, 'examples/emr-clinic/fake-ollama.mjs'), { PORT: String(ollamaPort) }, { preload: false });
  await ollama.waitFor(/stand-in Ollama/);
  const [appPort, vigilPort] = [await freePort(), await freePort()];
  const dataDir = tempDir();
  const app = startApp(resolve(ROOT, 'examples/emr-clinic/server.mjs'), {
    PORT: String(appPort),
    VIGIL_PORT: String(vigilPort),
    VIGIL_DATA_DIR: dataDir,
    CLINIC_DB: resolve(dataDir, 'clinic.db'),
    OLLAMA_HOST: `http://127.0.0.1:${ollamaPort}`,
    OTEL_SERVICE_NAME: 'emr-clinic',
    ...env,
  });
  await app.waitFor(/EMR clinic on/);
  const appUrl = `http://127.0.0.1:${appPort}`;
  return {
    appUrl,
    vigilUrl: `http://127.0.0.1:${vigilPort}`,
    vigilPort,
    dataDir,
    app,
    load: (rounds) => void execFileSync(NODE, [resolve(ROOT, 'examples/emr-clinic/load.mjs'), appUrl, String(rounds)], { stdio: 'pipe' }),
    stop() {
      app.kill('SIGKILL');
      ollama.kill('SIGKILL');
    },
  };
}
