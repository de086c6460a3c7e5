// camel-arena decision browser: plain JS, no dependencies. Every value from the API is written with textContent.
'use strict';
(function () {
  const FILTERS = ['account', 'model', 'provider', 'symbol', 'status', 'executed', 'from', 'to', 'tick'];
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f'];
  const $ = (sel) => document.querySelector(sel);
  let nextCursor = null;
  const selected = new Set();

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  }

  function token() { return sessionStorage.getItem('arenaToken') || ''; }

  // GET, or POST with a JSON body: the server takes writes only as application/json from its own origin.
  async function api(path, json) {
    const headers = token() ? { Authorization: 'Bearer ' + token() } : {};
    const init = { headers };
    if (json !== undefined) {
      init.method = 'POST'; headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(json);
    }
    const r = await fetch(path, init);
    const body = await r.json().catch(() => ({}));
    if (r.status === 401) {
      $('#token-form').hidden = false;
      throw new Error('This server needs the API token (arena.api.token): enter it above.');
    }
    if (!r.ok) throw new Error((body.parameter ? body.parameter + ': ' : '') + (body.message || r.status));
    return body;
  }

  function show(message) { const m = $('#message'); m.hidden = !message; m.textContent = message || ''; }
  function fmt(n, digits) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US',
    { minimumFractionDigits: digits, maximumFractionDigits: digits }); }
  function pct(r) { return r === null || r === undefined ? '–' : (Number(r) * 100).toFixed(1) + '%'; }
  function time(t) { return t ? t.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : ''; }

  // ---- URL state: the filters and the open decisions live in the query string, so a view can be shared.
  function state() { return new URLSearchParams(location.search); }
  function setState(params) {
    const q = params.toString();
    history.replaceState(null, '', q ? '?' + q : location.pathname);
  }
  function filterParams() {
    const p = new URLSearchParams();
    for (const f of FILTERS) { const v = state().get(f); if (v) p.set(f, v); }
    return p;
  }

  // ---- leaderboard and equity chart
  // One column per field: its header, its cell, and its definition (the header's tooltip; docs/scoreboard.md).
  const num = (v, digits, suffix) => (v === null || v === undefined ? '–' : fmt(v, digits) + (suffix || ''));
  const BOARD_COLUMNS = [
    ['#', (r) => r.rank, 'Rank over the period: best return first (accounts and baselines together).'],
    ['Account', (r) => r.account, 'The account, or a baseline (italic): buy-and-hold BTC or an equal-weight basket of the configured symbols, each starting with the accounts\' initial cash at the period\'s first tick and paying the open fee.'],
    ['Model', (r) => r.provider + ':' + r.model, 'The account\'s current model; for a baseline, the symbols it holds.'],
    ['Equity', (r) => num(r.equity, 2), 'Equity now: cash + margin in use + unrealized PnL at the latest prices (a baseline: at the period\'s last tick).'],
    ['Return', (r) => num(r.return_pct, 2, '%'), 'return_pct: (equity at the period\'s end - equity at its start) / equity at its start, in %.'],
    ['Max DD', (r) => num(r.max_drawdown_pct, 2, '%'), 'max_drawdown_pct: the largest fall of equity from a peak to a later trough in the period, in % of the peak.'],
    ['Sharpe', (r) => num(r.sharpe, 2), 'sharpe: mean / standard deviation of the per-tick simple returns (risk-free 0), x √(periods per year); periods per year = 365.25 days / the median spacing of the equity points.'],
    ['Sharpe 95%', (r) => (r.sharpe_ci95 ? fmt(r.sharpe_ci95[0], 2) + ' … ' + fmt(r.sharpe_ci95[1], 2) : '–'), 'sharpe_ci95: 2.5th and 97.5th percentiles of the Sharpe ratio over 1,000 stationary block bootstrap resamples of the per-tick returns (mean block length: cube root of the number of returns; fixed seed).'],
    ['Sortino', (r) => num(r.sortino, 2), 'sortino: mean per-tick return / downside deviation, x √(periods per year); downside deviation = √(sum of squared negative returns / number of all returns). Empty when no return was negative.'],
    ['Calmar', (r) => num(r.calmar, 2), 'calmar: annualized return (period return x one year / period length, not compounded) / max drawdown. Empty without a drawdown.'],
    ['P(>BTC)', (r) => pct(r.p_beats_buy_and_hold), 'p_beats_buy_and_hold: share of the bootstrap resamples in which the account\'s compounded return exceeds buy-and-hold BTC\'s over the same resampled ticks.'],
    ['Trades', (r) => r.trades, 'trades: closed trades in the period (closing orders, whole or partial).'],
    ['Win rate', (r) => pct(r.win_rate), 'win_rate: share of closed trades whose net PnL (realized PnL - close fee - the open fees of the closed quantity) is above 0.'],
    ['PF', (r) => num(r.profit_factor, 2), 'profit_factor: sum of net gains / sum of net losses of the closed trades. Empty when no trade lost.'],
    ['Expectancy', (r) => num(r.expectancy, 2), 'expectancy: mean net PnL per closed trade.'],
    ['Avg hold', (r) => num(r.avg_hold_minutes, 0, ' min'), 'avg_hold_minutes: mean time from the first open of a position to its close, in minutes.'],
    ['Realized', (r) => num(r.realized_pnl, 2), 'realized_pnl: PnL realized by the closes in the period, before fees.'],
    ['Unrealized', (r) => num(r.unrealized_pnl, 2), 'unrealized_pnl: the open positions\' PnL at the latest prices; for a period that ends in the past, the part of the equity change not realized (change - realized + fees + funding).'],
    ['Fees', (r) => num(r.fees, 2), 'fees: trading fees of the orders in the period (opens and closes).'],
    ['Funding', (r) => num(r.funding, 2), 'funding: funding paid (positive) or received (negative) in the period.'],
    ['Liq.', (r) => r.liquidations, 'liquidations: positions liquidated in the period.'],
    ['Stops/TP', (r) => (r.baseline ? '–' : r.stops + ' / ' + r.take_profits), 'stops / take_profits: positions closed by their stop-loss / take-profit between decisions, in the period.'],
    ['Decisions', (r) => r.decisions, 'Decisions logged (live; in the period when one is given).'],
    ['Parse err', (r) => pct(r.parse_error_rate), 'parse_error_rate: share of decisions whose reply held no valid decision (PARSE_ERROR).'],
    ['Model err', (r) => pct(r.model_error_rate), 'model_error_rate: share of decisions where the model call failed after retries (MODEL_ERROR).'],
    ['Truncated', (r) => pct(r.truncated_rate), 'truncated_rate: share of replies cut at the output-token limit (finish reason length / max_tokens).'],
    ['p50/p95', (r) => (r.p50_latency_ms === null || r.p50_latency_ms === undefined ? '–' : r.p50_latency_ms + ' / ' + r.p95_latency_ms + ' ms'), 'p50_latency_ms / p95_latency_ms: median / 95th-percentile model call latency over the account\'s decisions (linear interpolation).'],
    ['Tokens in/out', (r) => (r.baseline ? '–' : r.tokens_in + ' / ' + r.tokens_out), 'tokens_in / tokens_out: prompt / completion tokens over the live decisions.'],
    ['LLM cost', (r) => (r.baseline ? '–' : num(r.llm_cost_usd, 4, r.cost_unknown ? ' *' : '')), 'llm_cost_usd: each live decision\'s tokens x the price table (arena.pricing.*) when it was logged, in USD; * some decisions have no stored cost (unpriced model, or logged before costs were stored: cost_unknown).'],
    ['Net of LLM', (r) => num(r.pnl_net_of_llm_cost, 2), 'pnl_net_of_llm_cost: equity - initial cash - LLM cost.'],
  ];

  function boardPeriod() {
    const p = new URLSearchParams();
    for (const [name, id] of [['from', '#board-from'], ['to', '#board-to']]) {
      const v = $(id).value;
      if (v) p.set(name, new Date(v + 'Z').toISOString());
    }
    return p;
  }

  async function loadBoard() {
    const period = boardPeriod();
    const board = await api('/api/leaderboard' + (period.toString() ? '?' + period.toString() : ''));
    const csv = new URLSearchParams(period); csv.set('format', 'csv');
    $('#board-export').href = '/api/leaderboard/export?' + csv.toString();
    $('#prices-as-of').textContent = board.prices_as_of ? 'prices as of ' + time(board.prices_as_of) + ' UTC' : 'no prices yet';
    const head = $('#board-table thead tr');
    head.replaceChildren(...BOARD_COLUMNS.map(([label, , help], i) =>
      el('th', { class: i < 3 ? '' : 'num', title: help }, label)));
    const tbody = $('#board-table tbody');
    tbody.replaceChildren();
    const accountSelect = $('#f-account');
    const current = state().get('account') || '';
    accountSelect.replaceChildren(el('option', { value: '' }, 'any'));
    board.items.forEach((r) => {
      tbody.append(el('tr', { class: r.baseline ? 'baseline' : '' }, ...BOARD_COLUMNS.map(([, cell], i) =>
        el('td', { class: i < 3 ? '' : 'num' }, cell(r)))));
    });
    const targetNames = $('#replay-target-names');
    targetNames.replaceChildren();
    board.items.filter((r) => !r.baseline).sort((a, b) => a.account_id - b.account_id).forEach((r) => {
      accountSelect.append(el('option', { value: r.account }, r.account));
      targetNames.append(el('option', { value: r.account }));
    });
    accountSelect.value = current;
    chart(board.items);
  }

  function chart(rows) {
    const svg = $('#equity-chart');
    const ns = 'http://www.w3.org/2000/svg';
    const W = 800, H = 260, L = 64, R = 10, T = 10, B = 28;
    svg.replaceChildren();
    // baselines: dashed grey lines
    const series = rows.map((r, i) => ({ name: r.account + ' (' + r.model + ')', baseline: r.baseline,
      color: r.baseline ? (r.model === 'BTC' ? '#555' : '#999') : COLORS[i % COLORS.length],
      points: r.equity_history.map(([t, v]) => [Date.parse(t), Number(v)]) }));
    const all = series.flatMap((s) => s.points);
    const legend = $('#chart-legend');
    legend.replaceChildren();
    if (all.length === 0) return;
    let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
    let [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
    if (x1 === x0) x1 = x0 + 1;
    if (y1 - y0 < 1) { y0 -= 1; y1 += 1; }
    const pad = (y1 - y0) * 0.08; y0 -= pad; y1 += pad;
    const sx = (x) => L + (x - x0) / (x1 - x0) * (W - L - R);
    const sy = (y) => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
    const add = (tag, attrs, text) => { const e = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); if (text) e.textContent = text; svg.append(e); return e; };
    // Enough decimals that the five grid labels differ even when equity moves by cents.
    const step = (y1 - y0) / 4;
    const labelDigits = Math.min(4, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
    for (let i = 0; i <= 4; i++) {
      const v = y0 + step * i;
      add('line', { x1: L, x2: W - R, y1: sy(v), y2: sy(v), stroke: '#e5e5e2' });
      add('text', { x: L - 6, y: sy(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#6b6b70' }, fmt(v, labelDigits));
    }
    add('text', { x: L, y: H - 8, 'font-size': 11, fill: '#6b6b70' }, time(new Date(x0).toISOString()));
    add('text', { x: W - R, y: H - 8, 'font-size': 11, fill: '#6b6b70', 'text-anchor': 'end' }, time(new Date(x1).toISOString()));
    for (const s of series) {
      if (s.points.length === 0) continue;
      add('polyline', { points: s.points.map(([x, y]) => sx(x).toFixed(1) + ',' + sy(y).toFixed(1)).join(' '),
        fill: 'none', stroke: s.color, 'stroke-width': 2, class: s.baseline ? 'equity-line baseline' : 'equity-line',
        'stroke-dasharray': s.baseline ? '6 4' : 'none' }).append(
        Object.assign(document.createElementNS(ns, 'title'), { textContent: s.name }));
      const sw = el('i', {}); sw.style.background = s.color;
      legend.append(el('span', {}, sw, s.name));
    }
    markExits(rows, series, sx, sy, add, x0, x1, ++chartDrawing);
  }

  // The ledger's closes between ticks (orders caused by a take-profit, a stop-loss or a liquidation) as markers on
  // their account's equity line, at the equity of the last point before them; the newest 100 orders per account.
  const EXIT_MARKS = { TAKE_PROFIT: ['▲', 'take-profit'], STOP_LOSS: ['▼', 'stop-loss'], LIQUIDATION: ['✕', 'liquidation'] };
  let chartDrawing = 0;
  async function markExits(rows, series, sx, sy, add, x0, x1, drawing) {
    for (let i = 0; i < rows.length; i++) {
      const s = series[i];
      if (s.points.length === 0) continue;
      let orders;
      try { orders = await api('/api/accounts/' + rows[i].account_id + '/orders?limit=100'); } catch (e) { continue; }
      if (drawing !== chartDrawing) return; // the chart was drawn again meanwhile
      for (const o of orders.items) {
        const mark = EXIT_MARKS[o.cause];
        const t = Date.parse(o.created_at);
        if (!mark || !(t >= x0 && t <= x1)) continue;
        const at = s.points.filter((p) => p[0] <= t).pop() || s.points[0];
        add('text', { x: sx(t).toFixed(1), y: (sy(at[1]) - 5).toFixed(1), 'text-anchor': 'middle', 'font-size': 12,
          fill: s.color, class: 'exit-marker' }, mark[0]).append(Object.assign(document.createElementNS('http://www.w3.org/2000/svg', 'title'),
          { textContent: s.name + ': ' + mark[1] + ' ' + o.symbol + ' ' + o.side + ' at ' + o.price + ', realized ' + o.realized_pnl
            + (Number(o.penalty) !== 0 ? ', penalty ' + o.penalty : '') + ' (' + time(o.created_at) + ' UTC)' }));
      }
    }
  }

  // ---- decisions table
  function fillForm() {
    const s = state();
    for (const f of FILTERS) { const input = $('#f-' + f); if (input) input.value = s.get(f) || ''; }
    for (const fmtName of ['jsonl', 'csv', 'chat', 'outcomes']) {
      const p = filterParams(); p.set('format', fmtName);
      $('#export-' + fmtName).href = '/api/decisions/export?' + p.toString();
    }
  }

  async function loadDecisions(append) {
    const p = filterParams();
    p.set('limit', '50');
    if (append && nextCursor) p.set('cursor', nextCursor);
    const page = await api('/api/decisions?' + p.toString());
    const tbody = $('#decisions-table tbody');
    if (!append) tbody.replaceChildren();
    const open = openIds();
    for (const d of page.items) {
      const box = el('input', { type: 'checkbox', 'aria-label': 'select ' + d.id });
      box.checked = selected.has(d.id);
      box.addEventListener('click', (e) => { e.stopPropagation();
        if (box.checked) selected.add(d.id); else selected.delete(d.id);
        $('#compare').disabled = selected.size < 2; $('#replay').disabled = selected.size === 0; });
      const decision = d.operation === 'none' ? '—' : [d.operation, d.symbol, d.direction,
        d.target_portion ? 'x' + d.target_portion : null, d.leverage > 1 ? d.leverage + 'x' : null].filter(Boolean).join(' ');
      const tr = el('tr', { 'data-id': d.id, class: open.includes(d.id) ? 'open' : '' },
        el('td', {}, box), el('td', {}, time(d.decision_time)), el('td', {}, d.account), el('td', {}, d.model),
        el('td', {}, el('span', { class: 'status ' + d.status }, d.status)), el('td', {}, decision),
        el('td', { class: 'err' }, d.error_code || ''), el('td', { class: 'num' }, d.latency_ms === null ? '' : d.latency_ms + ' ms'),
        el('td', { class: 'num' }, (d.input_tokens || 0) + '/' + (d.output_tokens || 0)), el('td', {}, d.tick_id || ''));
      tr.addEventListener('click', () => openDecisions([d.id]));
      tbody.append(tr);
    }
    nextCursor = page.nextCursor;
    $('#more').hidden = !nextCursor;
    if (!append && page.items.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 10 }, 'No decisions match.')));
  }

  // ---- replays: runs, and one run's originals next to their replays with the agreement per pair of sides
  async function loadRuns() {
    const runs = await api('/api/replays');
    const tbody = $('#runs-table tbody');
    tbody.replaceChildren();
    const current = Number(state().get('replay') || 0);
    for (const r of runs.items) {
      const tr = el('tr', { 'data-run': r.id, class: r.id === current ? 'open' : '' }, el('td', {}, '#' + r.id),
        el('td', {}, el('span', { class: 'status ' + r.status }, r.status)), el('td', {}, (r.targets || []).join(', ')),
        el('td', { class: 'num' }, r.done + ' / ' + r.total), el('td', { class: 'num' }, r.errors),
        el('td', {}, time(r.started_at || r.created_at)), el('td', {}, r.trigger_source));
      tr.addEventListener('click', () => openRun(r.id));
      tbody.append(tr);
    }
    if (runs.items.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 7 }, 'No replays yet.')));
  }

  // POST /api/replays: the ticked decisions sent again to the named targets (model profiles or accounts).
  async function startReplay() {
    const targets = $('#replay-targets').value.split(',').map((t) => t.trim()).filter(Boolean);
    const run = await api('/api/replays', { decisions: [...selected], targets });
    show('Replay run #' + run.id + ' ' + run.status + ': ' + run.total + ' replays.');
    await loadRuns();
  }

  function openRun(id) {
    const s = state();
    if (id) s.set('replay', id); else s.delete('replay');
    setState(s);
    document.querySelectorAll('#runs-table tbody tr').forEach((tr) =>
      tr.classList.toggle('open', Number(tr.dataset.run) === id));
    renderCompare().catch((e) => show(e.message));
  }

  // a row's hypothetical outcome over the horizon: its return (per unit of notional), or why it has none yet
  function outcomeText(o) {
    if (!o) return '';
    if (o.status !== 'scored') return o.status;
    const r = Number(o.hypothetical_return) * 100;
    return (r > 0 ? '+' : '') + r.toFixed(2) + '%';
  }

  function sideCells(d) {
    if (!d) return [el('td', { class: 'missing', colspan: 5 }, 'no row')];
    const decision = d.operation === 'none' ? '—' : [d.operation, d.symbol, d.direction,
      d.target_portion ? 'x' + d.target_portion : null, d.leverage > 1 ? d.leverage + 'x' : null].filter(Boolean).join(' ');
    return [el('td', { title: d.reason || '' }, decision),
      el('td', {}, el('span', { class: 'status ' + d.status }, d.status), d.error_code ? ' ' + d.error_code : ''),
      el('td', { class: 'num' }, d.latency_ms === null || d.latency_ms === undefined ? '' : d.latency_ms + ' ms'),
      el('td', { class: 'num' }, (d.input_tokens ?? '–') + '/' + (d.output_tokens ?? '–')),
      el('td', { class: 'num', title: d.outcome ? d.outcome.basis + (d.outcome.price_at_horizon
        ? ' ' + d.outcome.price_at_decision + ' → ' + d.outcome.price_at_horizon : '') : '' }, outcomeText(d.outcome))];
  }

  async function renderCompare() {
    const id = Number(state().get('replay') || 0);
    $('#replay-compare').hidden = !id;
    if (!id) return;
    const c = await api('/api/replays/' + id + '/compare?limit=500');
    $('#compare-title').textContent = 'Run #' + id + ': ' + c.originals + ' decisions, sides ' + c.sides.join(', ')
      + (c.originals > c.items.length ? ' (first ' + c.items.length + ' shown)' : '');
    const ranking = $('#ranking-table tbody');
    ranking.replaceChildren();
    for (const r of c.ranking || []) {
      const mean = r.mean_hypothetical_return === null ? '–'
        : (Number(r.mean_hypothetical_return) * 100).toFixed(3) + '%';
      ranking.append(el('tr', { 'data-side': r.side }, el('td', { class: 'num' }, r.rank ?? '–'), el('td', {}, r.side),
        el('td', { class: 'num' }, mean), el('td', { class: 'num' }, r.scored + ' / ' + r.pending),
        el('td', { class: 'num' }, r.same_operation_rate === null ? '–' : pct(r.same_operation_rate))));
    }
    $('#compare-title').title = 'Outcomes over the next ' + c.horizon_ticks + ' ticks (arena.replay.horizon-ticks)';
    const agreement = $('#agreement-table tbody');
    agreement.replaceChildren();
    for (const a of c.agreement) {
      agreement.append(el('tr', { 'data-pair': a.a + '|' + a.b }, el('td', {}, a.a), el('td', {}, a.b),
        el('td', { class: 'num' }, a.compared),
        el('td', { class: 'num' }, a.same_operation + ' (' + pct(a.same_operation_rate) + ')'),
        el('td', { class: 'num' }, a.same_symbol_direction + ' (' + pct(a.same_symbol_direction_rate) + ')')));
    }
    const head = el('tr', {}, el('th', {}, 'Decision'));
    const sub = el('tr', {}, el('th', {}, 'account · tick'));
    for (const side of c.sides) {
      head.append(el('th', { colspan: 5 }, side));
      sub.append(el('th', {}, 'decision'), el('th', {}, 'parse / validation'), el('th', { class: 'num' }, 'latency'),
        el('th', { class: 'num' }, 'tokens'), el('th', { class: 'num', title: 'Hypothetical return over the next '
          + c.horizon_ticks + ' ticks' }, 'outcome'));
    }
    $('#compare-table thead').replaceChildren(head, sub);
    const tbody = $('#compare-table tbody');
    tbody.replaceChildren();
    for (const item of c.items) {
      const link = el('a', { href: '#', onclick: (e) => { e.preventDefault(); openDecisions([item.original.id]); } },
        '#' + item.original.id);
      const tr = el('tr', { 'data-original': item.original.id },
        el('td', {}, link, ' ' + item.account + ' · ' + (item.tick_id || '')), ...sideCells(item.original));
      for (const side of c.sides.slice(1)) tr.append(...sideCells(item.replays[side]));
      tbody.append(tr);
    }
  }

  // ---- detail panes
  function openIds() { return (state().get('open') || '').split(',').filter(Boolean).map(Number).slice(0, 4); }

  function openDecisions(ids) {
    const s = state();
    if (ids.length) s.set('open', ids.join(',')); else s.delete('open');
    setState(s);
    renderDetail().catch((e) => show(e.message));
    document.querySelectorAll('#decisions-table tbody tr').forEach((tr) =>
      tr.classList.toggle('open', ids.includes(Number(tr.dataset.id))));
  }

  async function renderDetail() {
    const ids = openIds();
    $('#detail').hidden = ids.length === 0;
    const panes = $('#panes');
    panes.replaceChildren();
    const decisions = await Promise.all(ids.map((id) => api('/api/decisions/' + id)));
    for (const d of decisions) panes.append(pane(d, ids, decisions.length > 1));
    if (ids.length) $('#detail').scrollIntoView({ block: 'start' });
  }

  function text(title, value, cls) {
    return el('div', {}, el('h4', {}, title), el('pre', { class: cls }, value === null || value === undefined || value === '' ? '(none)' : value));
  }

  function pane(d, ids, compact) {
    const meta = el('dl', { class: 'meta' });
    const add = (k, v) => { if (v !== null && v !== undefined && v !== '') meta.append(el('dt', {}, k), el('dd', {}, v)); };
    add('time', time(d.decision_time) + ' UTC'); add('tick', d.tick_id); add('provider', d.provider);
    add('decision', [d.operation, d.symbol, d.direction].filter(Boolean).join(' '));
    add('target portion', d.target_portion); add('leverage', d.leverage); add('reason', d.reason);
    add('total assets before', fmt(d.total_balance, 2)); add('latency', d.latency_ms === null ? null : d.latency_ms + ' ms');
    add('tokens in / out', (d.input_tokens ?? '–') + ' / ' + (d.output_tokens ?? '–'));
    add('finish reason', d.finish_reason); add('request id', d.request_id);
    if (d.order) add('order', '#' + d.order.id + ' ' + d.order.operation + ' ' + d.order.side + ' ' + d.order.quantity + ' ' +
      d.order.symbol + ' @ ' + d.order.price + ', fee ' + d.order.fee + ', realized ' + d.order.realized_pnl);
    const failure = d.error_code || d.error_message
      ? el('div', { class: d.status === 'EXECUTED' ? 'note' : 'failure' },
        (d.error_code || '') + (d.error_message ? (d.error_code ? ': ' : '') + d.error_message : '')) : null;
    const parsed = d.parsed_decision ? JSON.stringify(d.parsed_decision, null, 2) : d.llm_output;
    const same = el('div', { class: 'same-tick' });
    if (d.same_tick && d.same_tick.length > 1) {
      same.append('Same tick: ');
      for (const o of d.same_tick) {
        if (o.id === d.id) continue;
        same.append(el('button', { type: 'button', title: 'open side by side', onclick: () =>
          openDecisions([...new Set([...ids, o.id])]) }, o.account + ' (' + o.status + ')'));
      }
    }
    if (d.replays && d.replays.length) {
      same.append(el('br'), 'Replays: ');
      for (const o of d.replays) {
        same.append(el('button', { type: 'button', title: 'open side by side', onclick: () =>
          openDecisions([...new Set([...ids, o.id])]) }, o.replay_target + ' (' + o.status + ')'));
      }
    }
    if (d.replay_of) add('replay of', '#' + d.replay_of + ' (run ' + d.replay_run_id + ', target ' + d.replay_target + ')');
    return el('article', { class: 'pane' + (compact ? ' compact' : ''), 'data-id': d.id },
      el('h3', {}, '#' + d.id + ' ', d.account + ' · ' + d.model + ' ', el('span', { class: 'status ' + d.status }, d.status),
        ' ', el('button', { type: 'button', onclick: () => openDecisions(ids.filter((i) => i !== d.id)) }, 'close')),
      failure, meta, same,
      el('div', { class: 'texts' }, text('Prompt', d.user_prompt, 'prompt'), text('Raw reply', d.reasoning_trace, 'raw-reply'),
        text('Parsed decision', parsed, 'parsed')));
  }

  // ---- wiring
  function reload() {
    show('');
    fillForm();
    return Promise.all([loadBoard(), loadDecisions(false), renderDetail(), loadRuns(), renderCompare()])
      .catch((e) => show(e.message));
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('#filters').addEventListener('submit', (e) => {
      e.preventDefault();
      const s = state();
      for (const f of FILTERS) { const v = ($('#f-' + f).value || '').trim(); if (v) s.set(f, v); else s.delete(f); }
      setState(s); fillForm();
      loadDecisions(false).then(() => show('')).catch((err) => show(err.message));
    });
    $('#reset').addEventListener('click', () => { const s = state(); FILTERS.forEach((f) => s.delete(f)); setState(s); reload(); });
    $('#more').addEventListener('click', () => loadDecisions(true).catch((e) => show(e.message)));
    $('#compare').addEventListener('click', () => openDecisions([...selected].slice(0, 4)));
    $('#replay').addEventListener('click', () => startReplay().catch((e) => show(e.message)));
    $('#close-detail').addEventListener('click', () => openDecisions([]));
    $('#board-period').addEventListener('submit', (e) => {
      e.preventDefault(); loadBoard().then(() => show('')).catch((err) => show(err.message)); });
    $('#board-all').addEventListener('click', () => {
      $('#board-from').value = ''; $('#board-to').value = ''; loadBoard().catch((err) => show(err.message)); });
    $('#token-form').addEventListener('submit', (e) => {
      e.preventDefault(); sessionStorage.setItem('arenaToken', $('#token').value.trim()); $('#token-form').hidden = true; reload(); });
    reload();
  });
})();
