// A small stand-in that speaks the Ollama HTTP API, so the demo works offline.
// It answers /, /api/tags, /api/chat, /api/generate and /api/embed, streaming
// NDJSON when asked, with token counts like the real server.
import http from 'node:http';

const MODEL = process.env.OLLAMA_MODEL ?? 'llama3.2:1b';
const DRUGS = ['amoxicillin 500 mg three times daily for 7 days', 'ibuprofen 400 mg every 8 hours with food', 'paracetamol 1 g up to four times daily', 'cetirizine 10 mg once daily'];

function completion(prompt) {
  const pick = DRUGS[prompt.length % DRUGS.length];
  return `Suggested prescription: ${pick}. Review allergies and renal function before dispensing.`;
}

function readJson(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      try {
        resolve(JSON.parse(body || '{}'));
      } catch {
        resolve({});
      }
    });
  });
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

export function createFakeOllama() {
  return http.createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/') return res.end('Ollama is running');
    if (req.method === 'GET' && req.url === '/api/tags') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ models: [{ name: MODEL, model: MODEL, size: 1_300_000_000, details: { family: 'llama' } }] }));
    }
    const body = await readJson(req);
    if (req.url === '/api/embed') {
      res.setHeader('content-type', 'application/json');
      const input = [].concat(body.input ?? '');
      return res.end(JSON.stringify({ model: body.model, embeddings: input.map((s) => [s.length / 100, 0.5, 0.25]), prompt_eval_count: input.join(' ').split(/\s+/).length }));
    }
    if (req.url !== '/api/chat' && req.url !== '/api/generate') {
      res.statusCode = 404;
      return res.end('not found');
    }
    const prompt = body.prompt ?? (body.messages ?? []).map((m) => m.content).join('\n');
    const text = completion(prompt);
    const words = text.split(' ');
    const promptTokens = prompt.split(/\s+/).length;
    const done = { model: body.model, created_at: new Date().toISOString(), done: true, done_reason: 'stop', prompt_eval_count: promptTokens, eval_count: words.length, total_duration: 0 };
    const chunk = (t) => (req.url === '/api/chat' ? { message: { role: 'assistant', content: t } } : { response: t });
    res.setHeader('content-type', 'application/x-ndjson');
    await delay(40 + (promptTokens % 30));
    if (body.stream === false) {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ ...done, ...chunk(text) }));
    }
    for (const w of words) {
      res.write(JSON.stringify({ model: body.model, created_at: new Date().toISOString(), done: false, ...chunk(w + ' ') }) + '\n');
      await delay(2);
    }
    res.end(JSON.stringify({ ...done, ...chunk('') }) + '\n');
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 11434);
  const server = createFakeOllama().listen(port, '127.0.0.1', () => console.log(`stand-in Ollama on http://127.0.0.1:${server.address().port}`));
}
