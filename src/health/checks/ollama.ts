import type { CheckOptions, HealthCheck } from '../types.js';
import { INTERVALS, round, schedule } from './defaults.js';

export interface OllamaCheckOptions extends CheckOptions {
  /** Default `OLLAMA_HOST` or http://127.0.0.1:11434. */
  host?: string;
  /** The model the application uses; missing from /api/tags → warn. */
  model?: string;
}

/** The LLM server: `GET /` reachable (else fail), `GET /api/tags` lists the model (else warn). */
export function ollamaCheck(o: OllamaCheckOptions = {}): HealthCheck {
  const host = normalizeHost(o.host ?? process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434');
  return {
    ...schedule(o, { name: 'ollama', critical: false, interval: INTERVALS.database }),
    component: 'ollama',
    measurement: 'responseTime',
    componentId: host,
    componentType: 'component',
    async run(signal) {
      const started = performance.now();
      const root = await fetch(`${host}/`, { signal });
      await root.body?.cancel();
      const ms = round(performance.now() - started);
      if (!root.ok) return { status: 'fail', observedValue: ms, observedUnit: 'ms', output: `GET ${host}/ answered ${root.status}` };
      if (!o.model) return { status: 'pass', observedValue: ms, observedUnit: 'ms' };
      const tags = await fetch(`${host}/api/tags`, { signal });
      if (!tags.ok) {
        await tags.body?.cancel();
        return { status: 'warn', observedValue: ms, observedUnit: 'ms', output: `GET /api/tags answered ${tags.status}` };
      }
      const body = (await tags.json()) as { models?: Array<{ name?: string; model?: string }> };
      const names = (body.models ?? []).flatMap((m) => [m.name, m.model]).filter((n): n is string => typeof n === 'string');
      if (names.some((n) => sameModel(n, o.model!))) return { status: 'pass', observedValue: ms, observedUnit: 'ms' };
      const listed = [...new Set(names)].slice(0, 10).join(', ') || 'none';
      return { status: 'warn', observedValue: ms, observedUnit: 'ms', output: `model ${o.model} is not available (listed: ${listed})` };
    },
  };
}

/** `llama3` and `llama3:latest` are the same model to Ollama. */
function sameModel(listed: string, wanted: string): boolean {
  const tag = (n: string) => (n.includes(':') ? n : `${n}:latest`);
  return tag(listed) === tag(wanted);
}

function normalizeHost(host: string): string {
  const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
  return withScheme.replace(/\/+$/, '');
}
