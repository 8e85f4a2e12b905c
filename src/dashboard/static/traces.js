/* global document, window, location, uPlot, URLSearchParams, requestAnimationFrame */
// The trace explorer: search (list and a duration-over-time scatter that can
// be brushed, as Jaeger's), and one trace's waterfall. Addressed by the URL
// hash (`#trace=<id>`, `#traces?operation=…`), so a trace's URL can be pasted
// into a ticket. Like app.js: text only through textContent, no inline code.
'use strict';

(() => {
  const { api, el, fmtMs, fmtTime, openEvent } = window.vigil;
  const $ = (id) => document.getElementById(id);
  const KIND = ['internal', 'server', 'client', 'producer', 'consumer'];
  let scatter;
  let range = [0, 1];
  let renderToken = 0;
  /** Rows built before the first paint (more than a screenful), and per chunk after it. */
  const FIRST = 120;
  const CHUNK_MS = 12;

  // ---- search --------------------------------------------------------------

  function formQuery(extra = {}) {
    const q = new URLSearchParams();
    for (const name of ['service', 'operation', 'min', 'attr', 'trace', 'window']) {
      const v = $(`tq-${name}`).value.trim();
      if (v) q.set(name, v);
    }
    if ($('tq-errors').checked) q.set('errors', '1');
    for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
    return q;
  }

  function setForm(params) {
    for (const name of ['service', 'operation', 'min', 'attr', 'trace']) $(`tq-${name}`).value = params.get(name) || '';
    if (params.get('window')) $('tq-window').value = params.get('window');
    $('tq-errors').checked = params.get('errors') === '1';
  }

  async function search(extra) {
    const q = formQuery(extra);
    $('traces-problem').hidden = true;
    try {
      const d = await api(`/api/traces?${q}`);
      range = [d.query.fromMs / 1000, d.query.toMs / 1000];
      renderList(d.traces);
      renderScatter(d.traces);
    } catch (err) {
      $('traces-problem').textContent = `Trace search failed: ${err.message}`;
      $('traces-problem').hidden = false;
    }
  }

  function renderList(traces) {
    const rows = traces.map((t) =>
      el(
        'tr',
        {},
        el('td', { className: 'nowrap' }, fmtTime(t.startMs)),
        el('td', {}, el('a', { href: `#trace=${t.traceId}` }, t.rootName), t.errorCount ? el('span', { className: 'tag bad' }, `${t.errorCount} failed span${t.errorCount > 1 ? 's' : ''}`) : null),
        el('td', { className: 'num' }, fmtMs(t.durationMs)),
        el('td', { className: 'num' }, String(t.spanCount)),
        el('td', {}, t.services.join(', ')),
      ),
    );
    $('trace-list').tBodies[0].replaceChildren(...rows);
    $('traces-empty').hidden = rows.length > 0;
    $('traces-count').textContent = traces.length ? `${traces.length} trace${traces.length > 1 ? 's' : ''}` : '';
  }

  function renderScatter(traces) {
    const box = $('trace-scatter');
    const sorted = [...traces].sort((a, b) => a.startMs - b.startMs);
    const xs = sorted.map((t) => t.startMs / 1000);
    const ok = sorted.map((t) => (t.errorCount ? null : t.durationMs));
    const bad = sorted.map((t) => (t.errorCount ? t.durationMs : null));
    const data = [xs, ok, bad];
    if (scatter) {
      scatter.setData(data);
      return;
    }
    if (typeof uPlot !== 'function') return;
    const points = (stroke) => ({ stroke, paths: () => null, points: { show: true, size: 7, stroke, fill: stroke } });
    scatter = new uPlot(
      {
        width: Math.max(280, box.clientWidth),
        height: 180,
        cursor: { drag: { x: true, y: false, setScale: false } },
        // The axis is the searched window, however few traces fall in it.
        scales: { x: { time: true, range: () => range }, y: { distr: 3 } },
        axes: [{}, { label: 'ms', size: 60 }],
        series: [{}, { label: 'ok', ...points('#3b82f6') }, { label: 'error', ...points('#dc2626') }],
        hooks: {
          // Brushing a region searches that time range.
          setSelect: [
            (u) => {
              if (u.select.width < 4) return;
              const from = Math.floor(u.posToVal(u.select.left, 'x') * 1000);
              const to = Math.ceil(u.posToVal(u.select.left + u.select.width, 'x') * 1000);
              u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
              void search({ from, to });
            },
          ],
        },
      },
      data,
      box,
    );
  }

  // ---- one trace -----------------------------------------------------------

  /** Marks for bench/trace-paint.mjs: the rows are in the document, then the frame that shows them has been painted. */
  function markPainted() {
    performance.mark('vigil:trace-rows');
    requestAnimationFrame(() => setTimeout(() => performance.mark('vigil:trace-painted'), 0));
  }

  async function openTrace(id) {
    performance.mark('vigil:trace-open');
    const view = $('trace-view');
    view.hidden = false;
    $('trace-body').replaceChildren(el('p', { className: 'muted' }, 'Loading…'));
    try {
      const t = expand(await api(`/api/traces/${encodeURIComponent(id)}?compact=1`));
      renderTrace(t);
      view.scrollIntoView({ block: 'start' });
      markPainted();
    } catch (err) {
      $('trace-body').replaceChildren(el('p', { className: 'problem' }, `Cannot open trace ${id}: ${err.message}`));
    }
  }

  /** A span's attributes and events, as text. */
  function spanDetail(s) {
    const attrs = Object.entries(s.attributes || {});
    return [
      attrs.length ? el('table', { className: 'attrs' }, el('tbody', {}, ...attrs.map(([k, v]) => el('tr', {}, el('td', {}, el('code', {}, k)), el('td', {}, typeof v === 'string' ? v : JSON.stringify(v)))))) : el('p', { className: 'muted' }, 'No attributes.'),
      ...(Array.isArray(s.events) && s.events.length ? [el('h4', {}, 'Events'), el('ul', {}, ...s.events.map((e) => el('li', {}, el('strong', {}, String(e.name)), ' ', JSON.stringify(e.attributes || {}))))] : []),
    ];
  }

  /** The compact answer (`?compact=1`): rows as arrays under `columns`, times from the trace's start, services by index. */
  function expand(t) {
    if (!t.columns) return t;
    const spans = t.spans.map((r) => {
      const s = {};
      t.columns.forEach((c, k) => (s[c] = r[k]));
      s.startMs = t.startMs + s.offsetMs;
      s.serviceName = t.services[s.service] ?? null;
      return s;
    });
    return { ...t, spans };
  }

  function renderTrace(t) {
    const total = Math.max(t.durationMs, 1e-6);
    const services = t.services;
    const serviceClass = (s) => `svc-${Math.max(0, services.indexOf(s)) % 6}`;
    const detail = el('div', { className: 'span-detail', id: 'span-detail' }, el('p', { className: 'muted' }, 'Select a span to see its attributes and events.'));
    const rows = [];
    const pct = (v) => `${((v / total) * 100).toFixed(3)}%`;
    const makeRow = (s, i) => {
      const bar = el('div', { className: `bar ${serviceClass(s.serviceName)} kind-${KIND[s.kind] || 'internal'}${s.statusCode === 2 ? ' failed' : ''}${s.critical ? ' critical' : ''}` });
      // CSSOM, not a style attribute: allowed under the page's strict CSP.
      const left = Math.min(Math.max(s.startMs - t.startMs, 0), total);
      bar.style.left = pct(left);
      // Two processes' clocks may disagree by a little: never past the axis.
      bar.style.width = pct(Math.min(Math.max(s.durationMs, total / 1000), total - left));
      const toggle = el('button', { type: 'button', className: 'toggle', hidden: s.childCount === 0, ariaLabel: 'collapse' }, '▾');
      const label = el('span', { className: 'span-name', title: s.name }, toggle, el('span', { className: `kind-tag kind-${KIND[s.kind] || 'internal'}` }, KIND[s.kind] || 'internal'), ' ', el('span', { className: 'span-label' }, s.name));
      label.style.paddingLeft = `${s.depth * 14}px`;
      return el(
        'div',
        { className: `span-row${s.statusCode === 2 ? ' failed' : ''}${s.critical ? ' critical' : ''}`, tabIndex: 0, dataset: { index: String(i), depth: String(s.depth) } },
        label,
        el('span', { className: 'span-service' }, s.serviceName || ''),
        el('span', { className: 'span-track' }, bar),
        el('span', { className: 'num span-duration' }, fmtMs(s.durationMs)),
      );
    };
    const list = el('div', { className: 'waterfall', id: 'waterfall' });
    // Rows are in pre-order, so a span's subtree is the range (i, end[i]):
    // collapsing or expanding touches that range once, never the ancestors.
    const n = t.spans.length;
    const end = new Int32Array(n);
    const parent = new Int32Array(n);
    const closed = new Uint8Array(n);
    const stack = [];
    for (let i = 0; i < n; i++) {
      const depth = t.spans[i].depth;
      while (stack.length && t.spans[stack[stack.length - 1]].depth >= depth) end[stack.pop()] = i;
      parent[i] = stack.length ? stack[stack.length - 1] : -1;
      stack.push(i);
    }
    while (stack.length) end[stack.pop()] = n;
    // The first screenful now, the rest in chunks after the first paint: a
    // 5,000-span trace shows at once and the page never freezes building it.
    // A row built after a collapse starts hidden when its parent is hidden or collapsed.
    const build = (upTo) => {
      const frag = document.createDocumentFragment();
      for (let i = rows.length; i < Math.min(upTo, n); i++) {
        const row = makeRow(t.spans[i], i);
        rows.push(row);
        const p = parent[i];
        if (p >= 0 && (closed[p] || rows[p].hidden)) row.hidden = true;
        frag.append(row);
      }
      list.append(frag);
    };
    const token = ++renderToken;
    const more = () => {
      if (token !== renderToken) return; // another trace opened meanwhile
      // Chunks of about one frame's work, whatever the machine's speed.
      const until = performance.now() + CHUNK_MS;
      while (rows.length < n && performance.now() < until) build(rows.length + 100);
      if (rows.length < n) setTimeout(more, 0);
      else performance.mark('vigil:trace-complete');
    };

    let selected = -1;
    let detailToken = 0;
    const select = (i) => {
      if (selected >= 0) rows[selected].classList.remove('selected');
      selected = i;
      rows[i].classList.add('selected');
      const s = t.spans[i];
      const head = [el('h4', {}, s.name), el('p', { className: 'muted' }, `${KIND[s.kind] || 'internal'} · ${s.serviceName || ''} · ${fmtMs(s.durationMs)} · span ${s.spanId}${s.statusCode === 2 ? ` · error: ${s.statusMessage || ''}` : ''}`)];
      if (s.attributes) return void detail.replaceChildren(...head, ...spanDetail(s));
      // The compact trace carries no attributes or events: one span's come on demand.
      detail.replaceChildren(...head, el('p', { className: 'muted' }, 'Loading…'));
      const mine = ++detailToken;
      api(`/api/traces/${t.traceId}/spans/${s.spanId}`).then(
        (full) => {
          if (mine !== detailToken) return;
          s.attributes = full.attributes || {};
          s.events = full.events || [];
          detail.replaceChildren(...head, ...spanDetail(s));
        },
        (err) => mine === detailToken && detail.replaceChildren(...head, el('p', { className: 'problem' }, `Cannot load the span: ${err.message}`)),
      );
    };
    const collapse = (i) => {
      const row = rows[i];
      closed[i] = closed[i] ? 0 : 1;
      const hide = closed[i] === 1;
      row.classList.toggle('collapsed', hide);
      row.querySelector('.toggle').textContent = hide ? '▸' : '▾';
      // Expanding skips a collapsed descendant's own subtree: it stays hidden.
      for (let j = i + 1, stop = Math.min(end[i], rows.length); j < stop; ) {
        rows[j].hidden = hide;
        j = !hide && closed[j] ? end[j] : j + 1;
      }
    };
    list.addEventListener('click', (ev) => {
      const row = ev.target.closest('.span-row');
      if (!row) return;
      const i = Number(row.dataset.index);
      if (ev.target.closest('.toggle')) collapse(i);
      else select(i);
    });
    list.addEventListener('keydown', (ev) => {
      const row = ev.target.closest('.span-row');
      if (row && ev.key === 'Enter') select(Number(row.dataset.index));
    });

    const logs = t.logs.length
      ? el('ol', { className: 'trace-logs' }, ...t.logs.map((l) => el('li', {}, el('code', {}, new Date(l.timeMs).toISOString().slice(11, 23)), ' ', el('span', { className: 'tag' }, l.severity || 'LOG'), ' ', l.body)))
      : el('p', { className: 'muted' }, 'No log lines in this trace.');
    const errors = t.errors.length
      ? el(
          'ul',
          { className: 'trace-errors' },
          ...t.errors.map((e) => {
            const link = el('a', { href: '#', className: 'error-link' }, `${e.type || 'Error'}: ${e.message || ''}`);
            link.addEventListener('click', (ev) => {
              ev.preventDefault();
              void openEvent(e.fingerprint);
            });
            return el('li', {}, link, el('pre', {}, e.stack || ''));
          }),
        )
      : el('p', { className: 'muted' }, 'No error events in this trace.');
    build(FIRST);
    // After the frame that shows the first rows: a timer alone may run before it.
    if (rows.length < n) requestAnimationFrame(() => setTimeout(more, 0));
    $('trace-title').textContent = `Trace ${t.traceId}`;
    $('trace-body').replaceChildren(
      el('p', { className: 'muted', id: 'trace-summary' }, `${fmtTime(t.startMs)} · ${fmtMs(t.durationMs)} · ${t.spans.length} spans · ${services.join(', ')} · critical path marked`),
      el('div', { className: 'waterfall-head' }, el('span', {}, 'Operation'), el('span', {}, 'Service'), el('span', {}, `0 – ${fmtMs(t.durationMs)}`), el('span', {}, 'Duration')),
      list,
      detail,
      el('h4', {}, 'Log lines'),
      logs,
      el('h4', {}, 'Errors'),
      errors,
    );
  }

  // ---- routing -------------------------------------------------------------

  function route() {
    const h = location.hash.slice(1);
    if (h.startsWith('trace=')) return void openTrace(decodeURIComponent(h.slice(6)));
    if (h.startsWith('traces?')) {
      setForm(new URLSearchParams(h.slice(7)));
      $('traces').scrollIntoView({ block: 'start' });
      return void search();
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('trace-search').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void search();
    });
    $('trace-close').addEventListener('click', () => {
      $('trace-view').hidden = true;
      if (location.hash.startsWith('#trace=')) window.history.replaceState(null, '', location.pathname + location.search);
    });
    window.addEventListener('hashchange', route);
    window.addEventListener('resize', () => scatter && scatter.setSize({ width: Math.max(280, $('trace-scatter').clientWidth), height: 180 }));
    if (location.hash) route();
    else void search();
  });
})();
