/* global document, window, location, history, uPlot, URLSearchParams */
// Vigil's dashboard. Every value from the server reaches the page through
// textContent or a DOM property, never through HTML parsing, so a message
// like `<img src=x onerror=...>` stays text. The CSP forbids inline code anyway.
'use strict';

(() => {
  const REFRESH_MS = 10_000;
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  let win = ['1h', '24h', '7d'].includes(params.get('window')) ? params.get('window') : '24h';
  let meta = { canSilence: false, readOnly: true };
  let timer;
  const charts = {};
  const $ = (id) => document.getElementById(id);

  // ---- helpers -------------------------------------------------------------

  async function api(path, init = {}) {
    const headers = { Accept: 'application/json', ...(init.headers || {}) };
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(path, { ...init, headers });
    let body;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (!res.ok) throw new Error((body && body.error) || `${res.status} ${res.statusText}`);
    return body;
  }

  /** el('td', { className: 'num' }, 'text', childNode): text children become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'dataset') Object.assign(node.dataset, v);
      else node[k] = v;
    }
    for (const c of children) {
      if (c === undefined || c === null || c === false) continue;
      node.append(c instanceof window.Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function fill(tbodyOrList, rows, emptyId) {
    tbodyOrList.replaceChildren(...rows);
    if (emptyId) $(emptyId).hidden = rows.length > 0;
  }

  const fmtMs = (ms) => {
    if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
    if (ms < 1) return `${ms.toFixed(2)} ms`;
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
    return `${(ms / 60_000).toFixed(1)} min`;
  };
  const fmtN = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(Math.round(n)));
  const fmtRate = (r) => (r === 0 ? '0/s' : r < 0.1 ? `${(r * 60).toFixed(1)}/min` : `${r.toFixed(r < 10 ? 2 : 0)}/s`);
  const fmtPct = (x) => `${(x * 100).toFixed(x > 0 && x < 0.001 ? 2 : 1)}%`;
  const fmtTime = (ms) => (ms ? new Date(ms).toLocaleString() : '–');
  /** A trace id as a link to its waterfall (traces.js): a stable URL that can go into a ticket. */
  const traceLink = (id) => (id ? el('a', { href: `#trace=${id}`, className: 'trace-link' }, el('code', {}, id)) : el('code', {}, '–'));
  const fmtBytes = (b) => {
    const u = ['B', 'KiB', 'MiB', 'GiB'];
    let i = 0;
    while (b >= 1024 && i < u.length - 1) {
      b /= 1024;
      i++;
    }
    return `${b.toFixed(i ? 1 : 0)} ${u[i]}`;
  };
  const fmtEta = (s) => {
    if (s === null || s === undefined || !Number.isFinite(s)) return '–';
    s = Math.round(s);
    return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  };
  const spark = (raw) => {
    // At most 30 cells: a 60-minute trend folds pairs of minutes together.
    const size = Math.ceil(raw.length / 30) || 1;
    const values = [];
    for (let i = 0; i < raw.length; i += size) values.push(raw.slice(i, i + size).reduce((a, b) => a + b, 0));
    const max = Math.max(0, ...values);
    const levels = '▁▂▃▄▅▆▇█';
    return values.map((v) => (max === 0 || v === 0 ? '▁' : levels[Math.min(7, Math.ceil((v / max) * 7))])).join('');
  };

  function showProblem(id, message) {
    const box = $(id);
    box.textContent = message || '';
    box.hidden = !message;
  }

  // ---- charts --------------------------------------------------------------

  /** Indices of values whose neighbours are both empty (when uPlot would not draw points itself). */
  function lonePoints(u, si, show) {
    if (show) return null;
    const ys = u.data[si];
    const lone = [];
    for (let i = 0; i < ys.length; i++) {
      if (ys[i] != null && ys[i - 1] == null && ys[i + 1] == null) lone.push(i);
    }
    return lone.length ? lone : null;
  }

  function chart(id, series, data, yLabel, onPick) {
    const box = $(id);
    const width = Math.max(280, box.clientWidth || 400);
    const key = `${id}:${win}`;
    if (charts[id] && charts[id].key === key) {
      charts[id].plot.setData(data);
      return;
    }
    if (charts[id]) charts[id].plot.destroy();
    const plot = new uPlot(
      {
        width,
        height: 200,
        scales: { x: { time: true } },
        axes: [{}, { label: yLabel, size: 60 }],
        // Lines are not drawn across gaps, and uPlot shows points only where the
        // data is sparse: a value with no neighbour (one request in an hour of
        // minutes) would draw nothing, so such lone values always get a point.
        series: [{}, ...series.map((s) => ({ spanGaps: false, width: 2, points: { filter: lonePoints }, ...s }))],
        legend: { live: false },
        // A click on the plot picks the bucket under the cursor and the series nearest to it.
        // Listened to on the wrapper, not the plot area: the newest bucket's point sits on the area's right edge.
        hooks: onPick ? { ready: [(u) => u.over.parentElement.addEventListener('click', (ev) => pick(u, ev, onPick))] } : {},
      },
      data,
      box,
    );
    charts[id] = { key, plot };
  }

  function pick(u, ev, onPick) {
    // From the click itself, not uPlot's cursor: its cached position goes stale when the page reflows.
    const box = u.over.getBoundingClientRect();
    const left = ev.clientX - box.left;
    const top = ev.clientY - box.top;
    if (left < -10 || left > box.width + 10 || top < -10 || top > box.height + 10) return;
    const i = u.posToIdx(Math.min(Math.max(left, 0), box.width));
    if (i === null || i === undefined || i < 0 || i >= u.data[0].length) return;
    let best;
    for (let si = 1; si < u.series.length; si++) {
      const v = u.data[si][i];
      if (v === null || v === undefined || !u.series[si].show) continue;
      const d = Math.abs(u.valToPos(v, 'y') - top);
      if (!best || d < best.d) best = { si, d };
    }
    if (best) onPick(i, u.series[best.si].label);
  }

  /**
   * Exemplars of one latency chart point: requests of that time bucket near
   * p50, p95, p99, the slowest and the newest failed, read from the stored
   * spans when asked (nothing is kept per request). The clicked line's opens.
   */
  async function openExemplars(bucketStartMs, bucketMs, label) {
    const box = $('exemplars');
    box.hidden = false;
    box.replaceChildren(el('span', { className: 'muted' }, 'Looking for requests…'));
    try {
      const d = await api(`/api/exemplars?from=${bucketStartMs}&to=${bucketStartMs + bucketMs}`);
      const names = { p50: 'p50', p95: 'p95', p99: 'p99', max: 'slowest', failed: 'failed' };
      const links = d.exemplars.map((x) =>
        el('a', { href: `#trace=${x.traceId}`, className: `exemplar${x.failed ? ' bad-text' : ''}`, dataset: { label: x.label }, title: `${x.name} · trace ${x.traceId}` }, `${names[x.label] || x.label} ${fmtMs(x.durationMs)}`),
      );
      box.replaceChildren(
        el('span', { className: 'muted' }, `Requests at ${new Date(bucketStartMs).toLocaleTimeString()}: `),
        ...(links.length ? links : [el('span', { className: 'muted' }, 'none stored (raw spans are kept as long as traces)')]),
      );
      const chosen = d.exemplars.find((x) => x.label === label) || d.exemplars.find((x) => x.label === 'max');
      if (chosen) location.hash = `#trace=${chosen.traceId}`;
    } catch (err) {
      box.replaceChildren(el('span', { className: 'problem' }, `Could not find requests: ${err.message}`));
    }
  }

  function renderCharts(s) {
    const xs = s.window.buckets.map((t) => t / 1000);
    const unit = s.window.bucketMs === 60_000 ? 'minute' : 'hour';
    $('throughput-title').textContent = `Throughput (requests per ${unit})`;
    $('errors-title').textContent = `Errors per ${unit}`;
    chart('chart-throughput', [{ label: 'requests', stroke: '#2563eb', fill: 'rgba(37,99,235,0.12)' }], [xs, s.requests.series.map((p) => p.count)], 'requests');
    chart(
      'chart-latency',
      [
        { label: 'p50', stroke: '#16a34a' },
        { label: 'p95', stroke: '#d97706' },
        { label: 'p99', stroke: '#dc2626' },
      ],
      [xs, s.requests.series.map((p) => p.p50), s.requests.series.map((p) => p.p95), s.requests.series.map((p) => p.p99)],
      'ms',
      (i, label) => void openExemplars(s.window.buckets[i], s.window.bucketMs, label),
    );
    chart(
      'chart-errors',
      [
        { label: 'failed requests', stroke: '#dc2626', fill: 'rgba(220,38,38,0.12)' },
        { label: 'error events', stroke: '#7c3aed' },
      ],
      [xs, s.requests.series.map((p) => p.errors), s.errors.series],
      'errors',
    );
  }

  // ---- sections ------------------------------------------------------------

  function renderOverview(s) {
    const h = s.health;
    const score = $('score');
    score.textContent = h.score === null ? '–' : String(h.score);
    score.className = `score ${h.score === null ? '' : h.score >= 90 ? 'good' : h.score >= 60 ? 'fair' : 'bad'}`;
    $('health-status').textContent = h.status === 'unknown' ? 'no checks recorded' : `status: ${h.status}`;
    const r = s.requests;
    $('req-count').textContent = fmtN(r.count);
    $('req-rate').textContent = fmtRate(r.ratePerSec);
    $('req-errors').textContent = fmtPct(r.errorRate);
    $('req-errors-n').textContent = `${fmtN(r.errors)} failed`;
    $('req-p95').textContent = fmtMs(r.p95);
    $('req-pcts').textContent = `p50 ${fmtMs(r.p50)} · p99 ${fmtMs(r.p99)}`;
    $('llm-calls').textContent = fmtN(s.llm.calls);
    $('llm-detail').textContent = s.llm.calls ? `p95 ${fmtMs(s.llm.p95)} · ${fmtN(s.llm.inputTokens + s.llm.outputTokens)} tokens` : 'no LLM calls';
    fill(
      $('checks'),
      h.checks.map((c) =>
        el(
          'li',
          { className: `check ${c.status}`, title: c.output || '' },
          el('span', { className: 'dot' }),
          el('span', { className: 'check-name' }, c.name),
          el('span', { className: 'muted' }, c.observedValue === null ? c.status : `${typeof c.observedValue === 'number' ? +c.observedValue.toFixed(2) : c.observedValue}${c.observedUnit ? ` ${c.observedUnit}` : ''}`),
          c.output ? el('span', { className: 'check-output' }, c.output) : null,
        ),
      ),
    );
  }

  function renderErrors(s) {
    const rows = s.errors.groups.map((g) =>
      el(
        'tr',
        { className: 'clickable', dataset: { fingerprint: g.fingerprint }, tabIndex: 0, title: 'Show the latest event' },
        el('td', { className: 'num' }, fmtN(g.count)),
        el('td', { className: 'error-cell' }, el('strong', {}, g.type || 'Error'), ': ', el('span', { className: 'error-message' }, g.message || ''), g.culprit ? el('div', { className: 'muted' }, g.culprit) : null),
        el('td', { className: 'spark', title: g.direction }, spark(g.trend), ' ', el('span', { className: `tag ${g.direction}` }, g.direction)),
        el('td', { className: 'num' }, String(g.users)),
        el('td', { className: 'nowrap' }, fmtTime(g.lastSeenMs)),
        el('td', { className: 'nowrap' }, g.status),
      ),
    );
    fill($('errors').tBodies[0], rows, 'errors-empty');
  }

  async function openEvent(fingerprint) {
    const section = $('event');
    const body = $('event-body');
    section.hidden = false;
    body.replaceChildren(el('p', { className: 'muted' }, 'Loading…'));
    try {
      const d = await api(`/api/errors/${encodeURIComponent(fingerprint)}?limit=1`);
      const e = d.events[0];
      if (!e) return body.replaceChildren(el('p', { className: 'muted' }, 'No stored event for this group.'));
      const stack = e.stack && typeof e.stack === 'object' ? e.stack : { raw: String(e.stack || '') };
      const frames = Array.isArray(stack.frames) ? stack.frames : [];
      const crumbs = Array.isArray(e.breadcrumbs) ? e.breadcrumbs : [];
      const parts = [
        el('h3', { className: 'event-title' }, `${e.type || 'Error'}: ${e.message || ''}`),
        el('p', { className: 'muted' }, fmtTime(e.timeMs), e.traceId ? ' · trace ' : null, e.traceId ? traceLink(e.traceId) : null, e.userHash ? ` · user ${e.userHash}` : null),
        el('h4', {}, 'Stack'),
        frames.length
          ? el(
              'ol',
              { className: 'frames' },
              ...frames.map((f) =>
                el(
                  'li',
                  { className: f.inApp ? 'in-app' : 'lib' },
                  el('code', {}, `${f.function || '<anonymous>'}  ${f.file || ''}${f.line ? `:${f.line}` : ''}${f.column ? `:${f.column}` : ''}`),
                  f.contextLine ? el('pre', { className: 'context' }, [...(f.preContext || []), `> ${f.contextLine}`, ...(f.postContext || [])].join('\n')) : null,
                ),
              ),
            )
          : el('pre', {}, stack.raw || ''),
        el('h4', {}, 'Breadcrumbs'),
        crumbs.length
          ? el('ol', { className: 'crumbs' }, ...crumbs.map((c) => el('li', {}, el('span', { className: 'muted' }, `${c.timestampMs ? new Date(c.timestampMs).toLocaleTimeString() : ''} ${c.category || ''} `), c.message || (c.data ? JSON.stringify(c.data) : ''))))
          : el('p', { className: 'muted' }, 'none'),
        el('h4', {}, 'Context (redacted)'),
        el('pre', {}, JSON.stringify(e.context ?? null, null, 2)),
        e.tags && Object.keys(e.tags).length ? el('h4', {}, 'Tags') : null,
        e.tags && Object.keys(e.tags).length ? el('pre', {}, JSON.stringify(e.tags, null, 2)) : null,
      ];
      body.replaceChildren(...parts.filter(Boolean));
      section.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } catch (err) {
      body.replaceChildren(el('p', { className: 'problem' }, `Could not load the event: ${err.message}`));
    }
  }

  async function silence(alert, button) {
    button.disabled = true;
    showProblem('silence-problem', '');
    try {
      const matchers = Object.entries(alert.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
      await api('/api/silences', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ matchers, duration: '1h', createdBy: 'dashboard', comment: `silenced from the dashboard: ${alert.title || alert.rule}` }),
      });
      button.textContent = 'Silenced 1h';
    } catch (err) {
      button.disabled = false;
      showProblem('silence-problem', `Could not silence "${alert.title || alert.rule}": ${err.message}`);
    }
  }

  function renderAlerts(s) {
    const rows = s.alerts.active.map((a) => {
      const button = meta.canSilence ? el('button', { type: 'button', className: 'silence' }, 'Silence 1h') : null;
      if (button) button.addEventListener('click', () => void silence(a, button));
      return el(
        'tr',
        { dataset: { alert: a.fingerprint } },
        el('td', {}, el('span', { className: `tag ${a.state}` }, a.state)),
        el('td', {}, a.severity),
        el('td', {}, a.title || a.rule),
        el('td', {}, fmtTime(a.sinceMs)),
        el('td', {}, a.traceId ? traceLink(a.traceId) : ''),
        el('td', {}, button),
      );
    });
    fill($('alerts').tBodies[0], rows, 'alerts-empty');
    fill(
      $('alert-events').tBodies[0],
      s.alerts.recent.map((a) =>
        el('tr', {}, el('td', {}, fmtTime(a.timeMs)), el('td', {}, a.event), el('td', {}, a.title || a.rule || ''), el('td', {}, a.channel || ''), el('td', {}, a.reason || ''), el('td', {}, a.traceId ? traceLink(a.traceId) : '')),
      ),
    );
  }

  function renderJobs(s) {
    const rows = s.jobs.map((j) =>
      el(
        'div',
        { className: `job ${j.state}` },
        el('div', { className: 'job-head' }, el('strong', {}, j.name || j.jobId), el('span', { className: 'muted' }, ` ${j.state}`)),
        el('progress', { max: 100, value: j.percent, title: `${j.percent.toFixed(1)}%` }),
        el('div', { className: 'muted' }, `${fmtN(j.processed)} / ${fmtN(j.total)} (${j.percent.toFixed(0)}%)${j.failed ? ` · ${fmtN(j.failed)} failed` : ''}${j.ratePerSec ? ` · ${j.ratePerSec.toFixed(1)}/s` : ''}${j.state === 'running' ? ` · ETA ${fmtEta(j.etaSeconds)}` : ''}`),
      ),
    );
    fill($('jobs'), rows, 'jobs-empty');
  }

  // Several services on one data dir: one row each (hidden for a lone service, whose figures are the overview's).
  function renderServices(s) {
    const services = s.services || [];
    $('services').hidden = services.length < 2;
    fill(
      $('services-table').tBodies[0],
      services.map((v) =>
        el(
          'tr',
          { dataset: { service: v.name } },
          el('td', {}, el('a', { href: `#traces?service=${encodeURIComponent(v.name)}&window=${win}` }, v.name)),
          el('td', { className: 'num' }, fmtN(v.count)),
          el('td', { className: 'num' }, fmtRate(v.ratePerSec)),
          el('td', { className: `num ${v.errors ? 'bad-text' : ''}` }, v.errors ? `${fmtN(v.errors)} (${fmtPct(v.errorRate)})` : '0'),
          ...[v.p50, v.p95, v.p99].map((x) => el('td', { className: 'num' }, fmtMs(x))),
          el('td', { title: v.health.output || '' }, el('span', { className: `check ${v.health.status}` }, el('span', { className: 'dot' }), v.health.score === null ? v.health.status : `${v.health.score} ${v.health.status}`)),
        ),
      ),
    );
  }

  function renderTables(s) {
    fill(
      $('operations').tBodies[0],
      s.operations.slice(0, 30).map((o) =>
        el(
          'tr',
          {},
          el('td', {}, el('a', { href: `#traces?operation=${encodeURIComponent(o.name)}&window=${win}` }, o.name)),
          el('td', { className: 'num' }, fmtN(o.count)),
          el('td', { className: 'num' }, fmtRate(o.ratePerSec) + (o.items != null ? ` · ${fmtRate(o.itemsPerSec)} items` : '')),
          el('td', { className: `num ${o.errors ? 'bad-text' : ''}` }, o.errors ? fmtPct(o.errorRate) : '0'),
          ...[o.p50, o.p90, o.p95, o.p99].map((v) => el('td', { className: 'num' }, fmtMs(v))),
          el('td', { className: 'spark' }, spark(o.trend)),
        ),
      ),
    );
    fill(
      $('slow').tBodies[0],
      s.slow.slice(0, 10).map((o) => el('tr', {}, el('td', { className: 'num' }, fmtMs(o.durationMs)), el('td', {}, o.name, o.flagged ? el('span', { className: 'tag' }, 'slow') : null), el('td', {}, fmtTime(o.startMs)), el('td', {}, traceLink(o.traceId)))),
      'slow-empty',
    );
    fill(
      $('crashes').tBodies[0],
      s.crashes.map((c) => el('tr', {}, el('td', {}, fmtTime(c.timeMs)), el('td', {}, el('strong', {}, c.type || 'Error'), ': ', c.message || ''), el('td', {}, c.sent ? 'yes' : 'no'))),
      'crashes-empty',
    );
    const fig = (f) => (f.unit === 'bytes' ? fmtBytes(f.value) : f.unit === 'ms' ? fmtMs(f.value) : f.unit === '%' ? `${f.value.toFixed(1)}%` : `${f.value} ${f.unit}`);
    fill($('host'), s.host.flatMap((f) => [el('dt', {}, f.label), el('dd', {}, fig(f))]));
    const l = s.llm;
    fill(
      $('llm'),
      l.calls
        ? [
            ['Calls', `${fmtN(l.calls)}${l.errors ? ` (${fmtN(l.errors)} failed)` : ''}`],
            ['Tokens in / out', `${fmtN(l.inputTokens)} / ${fmtN(l.outputTokens)}`],
            ['Latency p50 / p95 / p99', `${fmtMs(l.p50)} / ${fmtMs(l.p95)} / ${fmtMs(l.p99)}`],
            ['Models', l.models.map((m) => `${m.model} (${fmtN(m.calls)})`).join(', ')],
          ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])
        : [el('dt', {}, 'No LLM calls in this window')],
    );
  }

  // ---- refresh loop --------------------------------------------------------

  async function refresh() {
    clearTimeout(timer);
    try {
      const s = await api(`/api/summary?window=${encodeURIComponent(win)}`);
      renderOverview(s);
      renderCharts(s);
      renderAlerts(s);
      renderErrors(s);
      renderJobs(s);
      renderServices(s);
      renderTables(s);
      $('updated').textContent = `updated ${new Date().toLocaleTimeString()}${s.usedRollups ? ' · hourly rollups' : ''}`;
      showProblem('problem', '');
    } catch (err) {
      showProblem('problem', `Could not refresh: ${err.message}`);
    } finally {
      timer = window.setTimeout(() => void refresh(), REFRESH_MS);
    }
  }

  function selectWindow(w) {
    win = w;
    for (const b of document.querySelectorAll('#windows button')) b.setAttribute('aria-pressed', String(b.dataset.window === w));
    const url = new URL(location.href);
    url.searchParams.set('window', w);
    history.replaceState(null, '', url);
    void refresh();
  }

  // For traces.js, loaded after this file: the same fetch (token included), DOM builder and formats.
  // chartOf: the uPlot behind a chart, for tests and the console.
  window.vigil = { api, el, fmtMs, fmtTime, openEvent, chartOf: (id) => charts[id] && charts[id].plot };

  document.addEventListener('DOMContentLoaded', () => {
    for (const b of document.querySelectorAll('#windows button')) b.addEventListener('click', () => selectWindow(b.dataset.window));
    const openRow = (ev) => {
      const tr = ev.target.closest('tr[data-fingerprint]');
      if (tr && (ev.type === 'click' || ev.key === 'Enter')) void openEvent(tr.dataset.fingerprint);
    };
    $('errors').addEventListener('click', openRow);
    $('errors').addEventListener('keydown', openRow);
    $('event-close').addEventListener('click', () => ($('event').hidden = true));
    window.addEventListener('resize', () => {
      for (const c of Object.values(charts)) c.plot.setSize({ width: Math.max(280, c.plot.root.parentElement.clientWidth), height: 200 });
    });
    api('/api/meta')
      .then((m) => (meta = m))
      .catch(() => undefined)
      .finally(() => selectWindow(win));
  });
})();
