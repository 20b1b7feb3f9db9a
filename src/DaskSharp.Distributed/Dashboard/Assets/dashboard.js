// DaskSharp dashboard: draws the live pages from /api/v1/stream (Server-Sent Events).
// No libraries: bars are DOM elements, the task stream is one canvas. Each update carries a
// snapshot of the cluster and the task-stream entries this page has not seen yet.
(function () {
  'use strict';

  const page = document.body.dataset.page;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === page) a.classList.add('active');
  }

  // Twenty distinct colours for task prefixes, by the order the scheduler first saw them.
  const PALETTE = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#393b79',
    '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#31a354', '#756bb1', '#636363',
    '#6baed6', '#74c476', '#9e9ac8', '#a1d99b'];
  const ACTION_COLOURS = { transfer: '#e41a1c', 'disk-write': '#ff9900', 'disk-read': '#b35900', 'recompute-drop': '#6a3d9a', erred: '#000000' };
  const prefixColour = (index) => PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];

  function bytes(n) {
    if (!n) return '0 B';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n.toFixed(0) : n.toFixed(n < 10 ? 2 : 1)) + ' ' + units[i];
  }
  const number = (n) => Math.round(n).toLocaleString('en-US');
  function seconds(s) {
    if (s < 1e-3) return (s * 1e6).toFixed(0) + ' µs';
    if (s < 1) return (s * 1e3).toFixed(1) + ' ms';
    return s.toFixed(2) + ' s';
  }
  // Writes only what changed: replacing a text node or an attribute with an equal value still
  // makes the browser lay out and paint again, and most figures stay put between updates.
  function setText(node, text) {
    text = String(text);
    if (node.textContent !== text) node.textContent = text;
  }
  function setWidth(node, percent) {
    const width = percent.toFixed(2) + '%';
    if (node.style.width !== width) node.style.width = width;
  }
  function setData(node, values) {
    for (const [k, v] of Object.entries(values)) {
      const text = String(v);
      if (node.dataset[k] !== text) node.dataset[k] = text;
    }
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- cluster totals -------------------------------------------------------------------------
  function renderTotals(s) {
    const box = document.getElementById('totals');
    if (!box) return;
    const t = s.totals;
    const set = (name, text) => setText(box.querySelector('[data-total="' + name + '"]'), text);
    set('workers', number(t.workers));
    set('threads', number(t.threads));
    set('memory', bytes(t.managed_bytes) + ' / ' + bytes(t.memory_limit));
    set('processing', number(t.processing));
    set('memory-tasks', number(t.memory));
    set('waiting', number(t.waiting + t.queued + t['no-worker']));
    set('erred', number(t.erred));
    set('rate', number(s.tasks_per_second));
  }

  // ---- per-worker bars (memory, processing) ---------------------------------------------------
  // Rows are kept by worker address and updated in place, so the page does not flicker.
  function barRows(container, workers) {
    const rows = new Map();
    for (const row of container.querySelectorAll('.row')) rows.set(row.dataset.worker, row);
    const wanted = new Set(workers.map((w) => w.address));
    for (const [address, row] of rows) if (!wanted.has(address)) { row.remove(); rows.delete(address); }
    return workers.map((w) => {
      let row = rows.get(w.address);
      if (!row) {
        row = el('div', 'row');
        row.dataset.worker = w.address;
        const name = el('div', 'name', w.name === w.address ? w.address : w.name);
        name.title = w.address;
        row.append(name, el('div', 'track'), el('div', 'text'));
        container.append(row);
      }
      return row;
    });
  }

  function setSegments(track, segments) {
    while (track.children.length < segments.length) track.append(el('div', 'fill'));
    segments.forEach((seg, i) => {
      const div = track.children[i];
      const cls = 'fill ' + seg.cls;
      if (div.className !== cls) div.className = cls;
      setWidth(div, Math.max(0, Math.min(1, seg.fraction)) * 100);
    });
  }

  // As Dask's bars: results in memory (orange above the 0.6 target), the rest of the process
  // (unmanaged, lighter), then results spilled to disk (grey); a paused worker's bar is red and its
  // text says so.
  function renderMemory(s) {
    const box = document.getElementById('worker-memory');
    if (!box) return;
    const scale = Math.max(1, ...s.workers.map((w) => w.memory_limit || Math.max(w.process_bytes, w.managed_bytes) + w.spilled_bytes));
    barRows(box, s.workers).forEach((row, i) => {
      const w = s.workers[i];
      const limit = w.memory_limit || scale;
      const cls = w.paused ? 'paused' : w.managed_memory_bytes > 0.6 * limit ? 'high' : 'managed';
      setSegments(row.querySelector('.track'), [
        { cls, fraction: w.managed_memory_bytes / limit },
        { cls: 'unmanaged' + (w.paused ? ' paused-unmanaged' : ''), fraction: w.unmanaged_bytes / limit },
        { cls: 'spilled', fraction: w.spilled_bytes / limit },
      ]);
      setData(row, { bytes: w.managed_bytes, memory: w.managed_memory_bytes, unmanaged: w.unmanaged_bytes, spilled: w.spilled_bytes, status: w.status });
      setText(row.querySelector('.text'), bytes(w.managed_memory_bytes + w.unmanaged_bytes) + (w.memory_limit ? ' / ' + bytes(w.memory_limit) : '') + (w.paused ? ' · paused' : ''));
      const title = w.address + ': ' + bytes(w.managed_memory_bytes) + ' managed, ' + bytes(w.unmanaged_bytes) + ' unmanaged, ' +
        bytes(w.spilled_bytes) + ' spilled' + (w.memory_limit ? ' of ' + bytes(w.memory_limit) : '') + ' · ' + w.status;
      if (row.title !== title) row.title = title;
    });
  }

  function renderProcessing(s) {
    const box = document.getElementById('worker-processing');
    if (!box) return;
    const scale = Math.max(1, ...s.workers.map((w) => Math.max(w.processing, w.threads)));
    barRows(box, s.workers).forEach((row, i) => {
      const w = s.workers[i];
      setSegments(row.querySelector('.track'), [
        { cls: 'processing-fill' + (w.processing > w.threads ? ' saturated' : ''), fraction: w.processing / scale },
      ]);
      setData(row, { processing: w.processing });
      setText(row.querySelector('.text'), number(w.processing) + ' (' + w.threads + (w.threads === 1 ? ' thread)' : ' threads)'));
    });
  }

  // ---- progress per task prefix ---------------------------------------------------------------
  // Done means computed: in memory, or computed and since released or forgotten (as Dask's bars).
  function renderProgress(s) {
    const box = document.getElementById('progress');
    if (!box) return;
    const prefixes = s.prefixes.filter((p) => p.total > 0);
    const empty = box.querySelector('.empty');
    if (empty) empty.hidden = prefixes.length > 0;
    const rows = new Map();
    for (const row of box.querySelectorAll('.row')) rows.set(row.dataset.prefix, row);
    const wanted = new Set(prefixes.map((p) => p.name));
    for (const [name, row] of rows) if (!wanted.has(name)) { row.remove(); rows.delete(name); }
    for (const p of prefixes) {
      let row = rows.get(p.name);
      if (!row) {
        row = el('div', 'row');
        row.dataset.prefix = p.name;
        const track = el('div', 'track');
        for (let i = 0; i < 4; i++) track.append(el('div', 'seg'));
        row.append(el('div', 'name', p.name), track, el('div', 'count'));
        box.append(row);
      }
      const done = p.memory + p.released + p.forgotten;
      const colour = prefixColour(p.index);
      const segs = row.querySelector('.track').children;
      const widths = [p.memory, p.released + p.forgotten, p.erred, p.processing];
      const fills = [colour, colour, '#000000', '#c8c8c8'];
      for (let i = 0; i < 4; i++) {
        setWidth(segs[i], 100 * widths[i] / p.total);
        if (segs[i].dataset.fill !== fills[i]) {
          segs[i].dataset.fill = fills[i];
          segs[i].style.background = fills[i];
          segs[i].style.opacity = i === 1 ? '0.45' : '1';
        }
      }
      setData(row, { done, total: p.total, processing: p.processing, erred: p.erred, memory: p.memory });
      const count = row.querySelector('.count');
      setText(count, number(done) + ' / ' + number(p.total) + (p.erred ? ' · ' + number(p.erred) + ' erred' : ''));
      if (count.classList.contains('done-text') !== (done === p.total)) count.classList.toggle('done-text', done === p.total);
      const title = p.name + ': ' + number(p.memory) + ' in memory, ' + number(p.processing) + ' processing, ' +
        number(p.waiting + p.queued + p['no-worker']) + ' waiting, ' + number(p.erred) + ' erred' +
        (p.duration_average !== undefined ? ', ' + seconds(p.duration_average) + ' per task' : '');
      if (row.title !== title) row.title = title;
    }
  }

  // ---- workers table --------------------------------------------------------------------------
  function renderWorkersTable(s) {
    const table = document.getElementById('workers-table');
    if (!table) return;
    const body = table.tBodies[0];
    const rows = new Map();
    for (const row of body.rows) rows.set(row.dataset.worker, row);
    const wanted = new Set(s.workers.map((w) => w.address));
    for (const [address, row] of rows) if (!wanted.has(address)) row.remove();
    for (const w of s.workers) {
      let row = rows.get(w.address);
      if (!row) {
        row = body.insertRow();
        row.dataset.worker = w.address;
        for (let i = 0; i < 15; i++) row.insertCell();
        const link = el('a', null, w.address);
        link.href = '/info/worker/' + encodeURIComponent(w.address);
        row.cells[0].append(link);
        row.cells[5].append(el('span', 'meter'));
        row.cells[5].firstChild.append(el('span'));
        for (const i of [2, 3, 4, 6, 7, 8, 9, 10, 11, 12]) row.cells[i].className = 'num';
      }
      const c = row.cells;
      const texts = [null, w.name, w.threads, bytes(w.managed_bytes), w.memory_limit ? bytes(w.memory_limit) : '–', null,
        bytes(w.spilled_bytes), bytes(w.process_bytes), w.cpu.toFixed(0) + ' %', w.executing, w.ready, number(w.in_memory),
        number(w.processing), w.retiring ? 'retiring' : w.paused ? 'paused' : 'running', seconds(w.last_seen) + ' ago'];
      texts.forEach((text, i) => { if (text !== null) setText(c[i], text); });
      setWidth(c[5].firstChild.firstChild, w.memory_limit ? Math.min(100, 100 * w.managed_bytes / w.memory_limit) : 0);
    }
  }

  // ---- task stream ----------------------------------------------------------------------------
  // One row per worker thread; a bar per task coloured by prefix; transfers and spills as short
  // bars along the bottom of their worker's first row. The x axis spans the bars kept.
  const stream = {
    canvas: document.getElementById('task-stream'),
    entries: [],
    seen: 0,
    threads: new Map(), // worker -> threads
    layout: null,
  };
  if (stream.canvas) stream.max = Number(stream.canvas.dataset.max || 1000);

  // An update's entries arrive as [worker index, thread, action number, start offset, stop offset,
  // colour index, key, nbytes, peer]; kept as [worker, thread, action, start, stop, colour index, key, nbytes, peer].
  function addEntries(update, workers) {
    for (const w of workers) stream.threads.set(w.address, Math.max(stream.threads.get(w.address) || 0, w.threads));
    const entries = update.entries;
    for (const r of entries) {
      const e = [update.workers[r[0]], r[1], update.actions[r[2]], update.t0 + r[3], update.t0 + r[4], r[5], r[6], r[7], r[8]];
      if (!stream.threads.has(e[0])) stream.threads.set(e[0], Math.max(1, e[1] + 1));
      stream.entries.push(e);
    }
    if (stream.entries.length > stream.max) stream.entries.splice(0, stream.entries.length - stream.max);
    stream.seen += entries.length;
    setData(stream.canvas, { seen: stream.seen, bars: stream.entries.length });
  }

  function drawStream() {
    const canvas = stream.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = Number(canvas.getAttribute('height'));
    // Resizing reallocates the canvas: only when the page's size changed.
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.height = height + 'px';
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const axis = 20;
    const workers = [...stream.threads.keys()].sort();
    const firstRow = new Map();
    let rows = 0;
    for (const w of workers) { firstRow.set(w, rows); rows += stream.threads.get(w); }
    const entries = stream.entries;
    if (entries.length === 0 || rows === 0) {
      ctx.fillStyle = '#888';
      ctx.fillText('No tasks yet.', 8, 16);
      stream.layout = null;
      return;
    }
    let t0 = Infinity, t1 = -Infinity;
    for (const e of entries) { if (e[3] < t0) t0 = e[3]; if (e[4] > t1) t1 = e[4]; }
    const span = Math.max(t1 - t0, 1e-3);
    const plot = height - axis;
    const rowH = plot / rows;
    const x = (t) => ((t - t0) / span) * (width - 2) + 1;
    ctx.strokeStyle = '#e3e3e3';
    ctx.beginPath();
    for (const w of workers) { const y = Math.round(firstRow.get(w) * rowH) + 0.5; ctx.moveTo(0, y); ctx.lineTo(width, y); }
    ctx.stroke();
    // Bars are grouped by colour (one fillStyle each), and a bar that continues the previous one
    // of its row and colour within half a pixel extends it: thousands of tiny tasks become a few
    // rectangles, which keeps an open page cheap for the browser.
    const byColour = new Map();
    const open = new Map(); // row key -> [colour, rect]
    const flush = (item) => {
      let list = byColour.get(item[0]);
      if (!list) byColour.set(item[0], list = []);
      list.push(item[1]);
    };
    for (const e of entries) {
      const row = firstRow.get(e[0]);
      if (row === undefined) continue;
      const action = e[2];
      const compute = action === 'compute' || action === 'erred';
      const colour = action === 'compute' ? prefixColour(e[5]) : ACTION_COLOURS[action] || '#e41a1c';
      const left = x(e[3]);
      const right = Math.max(left + 1, x(e[4]));
      const key = compute ? e[0] + '|' + e[1] : e[0] + '|io';
      const last = open.get(key);
      if (last && last[0] === colour && left <= last[1][0] + last[1][2] + 0.5 && left >= last[1][0]) {
        last[1][2] = Math.max(last[1][2], right - last[1][0]);
        continue;
      }
      if (last) flush(last);
      open.set(key, [colour, compute
        ? [left, (row + Math.max(0, e[1])) * rowH + 1, right - left, Math.max(1, rowH - 2)]
        : [left, row * rowH + rowH * 0.62, right - left, Math.max(2, rowH * 0.36)]]);
    }
    for (const item of open.values()) flush(item);
    for (const [colour, rects] of byColour) {
      ctx.fillStyle = colour;
      for (const r of rects) ctx.fillRect(r[0], r[1], r[2], r[3]);
    }
    // Time axis: seconds before the newest bar.
    ctx.fillStyle = '#555';
    ctx.strokeStyle = '#999';
    ctx.font = '11px sans-serif';
    ctx.beginPath();
    ctx.moveTo(0, plot + 0.5); ctx.lineTo(width, plot + 0.5);
    const step = niceStep(span / Math.max(1, Math.floor(width / 90)));
    for (let t = 0; t <= span + 1e-12; t += step) {
      const px = x(t1 - t);
      ctx.moveTo(px, plot); ctx.lineTo(px, plot + 4);
      const label = t === 0 ? 'now' : '−' + seconds(t);
      const tw = ctx.measureText(label).width;
      ctx.fillText(label, Math.min(width - tw, Math.max(0, px - tw / 2)), plot + 15);
    }
    ctx.stroke();
    stream.layout = { x, t0, t1, rowH, firstRow, width };
  }

  // A bar's hover text: a run names its key and thread; a spill, read back or drop names its
  // action, the key it was about and the bytes; a transfer its bytes and peer.
  function streamTip(e) {
    const compute = e[2] === 'compute' || e[2] === 'erred';
    const what = compute ? e[6] : e[6] ? e[2] + ' ' + e[6] : e[2];
    return what + ' · ' + seconds(e[4] - e[3]) + ' · ' + e[0] +
      (compute ? ' thread ' + e[1] : ' ' + bytes(e[7]) + (e[8] ? ' from ' + e[8] : ''));
  }

  function niceStep(raw) {
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (raw <= m * power) return m * power;
    return 10 * power;
  }

  if (stream.canvas) {
    const tip = document.getElementById('stream-tip');
    stream.canvas.addEventListener('mousemove', (ev) => {
      const l = stream.layout;
      if (!l) return;
      const rect = stream.canvas.getBoundingClientRect();
      const mx = ev.clientX - rect.left, my = ev.clientY - rect.top;
      let hit = null;
      for (let i = stream.entries.length - 1; i >= 0 && !hit; i--) {
        const e = stream.entries[i];
        const row = l.firstRow.get(e[0]);
        if (row === undefined) continue;
        const top = (row + Math.max(0, e[1])) * l.rowH;
        const left = l.x(e[3]);
        if (mx >= left - 1 && mx <= Math.max(left + 1, l.x(e[4])) && my >= top && my <= top + l.rowH) hit = e;
      }
      tip.hidden = !hit;
      if (!hit) return;
      tip.textContent = streamTip(hit);
      tip.style.left = Math.min(mx + 12, rect.width - tip.offsetWidth) + 'px';
      tip.style.top = (my + 12) + 'px';
    });
    stream.canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
    window.addEventListener('resize', drawStream);
  }

  // ---- the event stream -----------------------------------------------------------------------
  if (page === 'status' || page === 'workers' || page === 'tasks') {
    const connection = document.getElementById('connection');
    const source = new EventSource('/api/v1/stream?max=' + (stream.canvas ? stream.max : 0));
    source.onopen = () => { connection.className = 'connection live'; connection.title = 'live'; };
    source.onerror = () => { connection.className = 'connection lost'; connection.title = 'reconnecting'; };
    source.onmessage = (message) => {
      const update = JSON.parse(message.data);
      const s = update.snapshot;
      renderTotals(s);
      renderMemory(s);
      renderProcessing(s);
      renderProgress(s);
      renderWorkersTable(s);
      if (stream.canvas) {
        const fresh = update.stream.entries.length > 0 || stream.layout === null;
        addEntries(update.stream, s.workers);
        if (fresh) drawStream();
      }
      // Counted in a variable for tests: an attribute on <body> would restyle the whole page each update.
      window.dashboardUpdates = (window.dashboardUpdates || 0) + 1;
    };
  }
})();
