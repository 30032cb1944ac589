// The weft dashboard: plain DOM, no framework, no inline script (the page's Content-Security-Policy
// allows scripts from the engine only). Text from the engine is always set as text, never as HTML.

const main = document.getElementById('main');
const session = { role: undefined, csrf: undefined };
let liveSource;
let lastLive;

/** An element: attributes (on* are listeners), then children (strings become text). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null && child !== false) element.append(child instanceof Node ? child : String(child));
  return element;
}

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child instanceof Node ? child : String(child));
  return element;
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, options = {}) {
  const response = await fetch(`/ui/api/${path}`, {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers: { ...(options.body !== undefined && { 'content-type': 'application/json' }), ...(session.csrf && { 'x-csrf-token': session.csrf }) },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== 'session') {
    signedOut();
    throw new ApiError(401, 'signed out');
  }
  if (!response.ok) throw new ApiError(response.status, body.message ?? `${response.status}`);
  return body;
}

/** A time in the viewer's zone, the UTC time on hover. */
function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return h('time', { datetime: iso, title: `${date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` }, date.toLocaleString());
}

function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function badge(status) {
  return h('span', { class: `badge ${status}` }, status);
}

function toast(message, kind = 'info') {
  const element = document.getElementById('toast');
  element.textContent = message;
  element.className = `toast show ${kind}`;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (element.className = 'toast'), 5000);
}

function table(caption, headings, rows, empty = 'Nothing yet.') {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    // Scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it too.
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', {}, h('caption', { class: 'visually-hidden' }, caption), h('thead', {}, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading)))), h('tbody', {}, rows)),
  );
}

function runRow(run) {
  return h(
    'tr',
    {},
    h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(run.id)}` }, run.id)),
    h('td', {}, h('a', { href: `#/flows/${encodeURIComponent(run.flow)}` }, run.flow)),
    h('td', {}, badge(run.status), run.attempts ? h('span', { class: 'muted' }, ` attempt ${run.attempts}`) : ''),
    h('td', {}, run.trigger),
    h('td', {}, time(run.startedAt)),
    h('td', { class: 'number' }, duration(run.durationMs)),
    h('td', { class: 'number' }, `${run.records.in} / ${run.records.out} / ${run.records.failed}`),
  );
}

const runHeadings = ['Run', 'Flow', 'Status', 'Trigger', 'Started', 'Duration', 'Records in / out / failed'];

function heading(text, ...rest) {
  document.title = `${text} · weft`;
  return h('div', { class: 'heading' }, h('h1', {}, text), ...rest);
}

// ---- Views ---------------------------------------------------------------------------------

function signIn() {
  document.getElementById('nav').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('who').textContent = '';
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'sign-in',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const answer = await api('session', { method: 'POST', body: { token: input.value } });
          input.value = '';
          Object.assign(session, answer);
          started();
        } catch (failure) {
          error.textContent = failure.message;
        }
      },
    },
    h('h1', {}, 'Sign in to this engine'),
    h('label', { for: 'token' }, 'Engine token or read-only token'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    error,
  );
  main.replaceChildren(form);
  input.focus();
}

function sparkline(days, value, label, failed) {
  const max = Math.max(1, ...days.map(value));
  const width = 7 * 10;
  const chart = svg('svg', { width, height: 24, viewBox: `0 0 ${width} 24`, role: 'img', 'aria-label': `${label}: ${days.map((day) => `${day.day} ${value(day)}`).join(', ')}` });
  days.forEach((day, index) => {
    const height = Math.max(value(day) > 0 ? 2 : 0, Math.round((value(day) / max) * 22));
    const bar = svg('rect', { x: index * 10 + 1, y: 24 - height, width: 8, height, class: 'bar' });
    bar.append(svg('title', {}, `${day.day}: ${value(day)}${failed ? `, ${failed(day)} with failures` : ''}`));
    chart.append(bar);
    // The part of the day's runs that failed, in red at the bottom of its bar.
    const bad = failed ? Math.round((failed(day) / max) * 22) : 0;
    if (bad > 0) chart.append(svg('rect', { x: index * 10 + 1, y: 24 - bad, width: 8, height: bad, class: 'bar failed' }));
  });
  return chart;
}

function flowState(flow) {
  if (!flow.enabled) return h('span', { class: 'badge disabled' }, 'disabled');
  if (flow.paused) return h('span', { class: 'badge paused', title: `paused by ${flow.paused.by}` }, 'paused');
  return h('span', { class: 'badge enabled' }, 'enabled');
}

async function overview() {
  const data = await api('overview');
  const rows = data.flows.map((flow) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `#/flows/${encodeURIComponent(flow.name)}` }, flow.name)),
      h('td', {}, flow.trigger, flow.events ? h('div', { class: 'muted queue' }, `${flow.events.waiting === null ? 'queue not reachable' : `${flow.events.waiting} waiting`} · ${flow.events.deadLettered} dead-lettered since the engine started`) : ''),
      h('td', {}, flowState(flow)),
      h('td', {}, flow.lastRun ? [badge(flow.lastRun.status), ' ', time(flow.lastRun.startedAt)] : '—'),
      h('td', { class: 'number' }, flow.successRate === null ? '—' : `${Math.round(flow.successRate * 1000) / 10}%`),
      h('td', {}, sparkline(flow.days, (day) => day.runs, `Runs per day of ${flow.name}`, (day) => day.failed)),
      h('td', {}, sparkline(flow.days, (day) => day.records, `Records per day of ${flow.name}`)),
    ),
  );
  return [
    heading('Overview', h('p', { class: 'muted' }, data.revision > 0 ? `Revision ${data.revision} is live.` : 'Nothing is applied yet.')),
    table('Flows', ['Flow', 'Trigger', 'State', 'Last run', 'Success (7 days)', 'Runs / day', 'Records / day'], rows, 'No flows are applied.'),
  ];
}

const statuses = ['queued', 'running', 'succeeded', 'partial', 'failed', 'interrupted', 'dead'];
const triggers = ['webhook', 'schedule', 'manual', 'retry', 'event', 'run'];

/** datetime-local (the viewer's zone) to UTC ISO, and back. */
const toUtc = (local) => (local ? new Date(local).toISOString() : '');
const toLocal = (iso) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

async function runsView(params) {
  const query = new URLSearchParams();
  for (const name of ['flow', 'status', 'trigger', 'from', 'to', 'before']) if (params.get(name)) query.set(name, params.get(name));
  const [data, flows] = await Promise.all([api(`runs?${query}`), api('overview').then((overview) => overview.flows.map((flow) => flow.name))]);
  const select = (name, label, options) =>
    h('div', { class: 'field' }, h('label', { for: `filter-${name}` }, label), h('select', { id: `filter-${name}`, name }, h('option', { value: '' }, 'any'), options.map((option) => h('option', { value: option, selected: params.get(name) === option }, option))));
  const form = h(
    'form',
    {
      class: 'filters',
      'aria-label': 'Filter runs',
      onsubmit: (event) => {
        event.preventDefault();
        const values = new FormData(event.target);
        const next = new URLSearchParams();
        for (const name of ['flow', 'status', 'trigger']) if (values.get(name)) next.set(name, values.get(name));
        for (const name of ['from', 'to']) if (values.get(name)) next.set(name, toUtc(values.get(name)));
        location.hash = `#/runs${next.size ? `?${next}` : ''}`;
      },
    },
    select('flow', 'Flow', flows),
    select('status', 'Status', statuses),
    select('trigger', 'Trigger', triggers),
    h('div', { class: 'field' }, h('label', { for: 'filter-from' }, 'From'), h('input', { id: 'filter-from', name: 'from', type: 'datetime-local', value: toLocal(params.get('from')) })),
    h('div', { class: 'field' }, h('label', { for: 'filter-to' }, 'To'), h('input', { id: 'filter-to', name: 'to', type: 'datetime-local', value: toLocal(params.get('to')) })),
    h('button', { type: 'submit' }, 'Filter'),
  );
  const next = new URLSearchParams(query);
  if (data.next) next.set('before', data.next);
  return [
    heading('Runs'),
    form,
    table('Runs', runHeadings, data.runs.map(runRow), 'No runs match.'),
    h('p', { class: 'pager' }, params.get('before') ? h('a', { href: `#/runs?${(() => { const first = new URLSearchParams(query); first.delete('before'); return first; })()}` }, 'Newest') : '', data.next ? h('a', { href: `#/runs?${next}`, rel: 'next' }, 'Older runs') : ''),
  ];
}

function pretty(value) {
  return h('pre', { class: 'payload' }, JSON.stringify(value, null, 2));
}

async function runView(id) {
  const run = await api(`runs/${encodeURIComponent(id)}`);
  const facts = [
    ['Status', badge(run.status)],
    ['Flow', h('a', { href: `#/flows/${encodeURIComponent(run.flow)}` }, run.flow)],
    ['Trigger', run.trigger],
    ['Started', time(run.startedAt)],
    ['Finished', time(run.finishedAt)],
    ['Duration', duration(run.durationMs)],
    ['Revision', run.revision ?? 'working tree'],
    run.retryOf && ['Retry of', h('a', { href: `#/runs/${encodeURIComponent(run.retryOf)}` }, run.retryOf)],
    run.parent && ['Started by run', h('a', { href: `#/runs/${encodeURIComponent(run.parent)}` }, run.parent)],
    run.attempts && ['Attempts', run.attempts],
  ].filter(Boolean);
  const ended = !['queued', 'running', 'interrupted'].includes(run.status);
  const retry =
    session.role === 'admin' && ended && run.failures.length > 0
      ? h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: async (event) => {
              event.target.disabled = true;
              try {
                const answer = await api(`runs/${encodeURIComponent(run.id)}/retry`, { method: 'POST', body: {} });
                toast(`Retry started: run ${answer.run}`);
                location.hash = `#/runs/${encodeURIComponent(answer.run)}`;
              } catch (failure) {
                toast(failure.message, 'error');
                event.target.disabled = false;
              }
            },
          },
          `Retry ${run.failures.length} failed record${run.failures.length === 1 ? '' : 's'}`,
        )
      : undefined;
  const failures = run.failures.map((failure, index) =>
    h(
      'section',
      { class: 'failure', 'aria-labelledby': `failure-${index}` },
      h('h3', { id: `failure-${index}` }, `Step ${failure.step}, record ${failure.index}`),
      h('p', { class: 'error-text' }, failure.error),
      h('details', { open: index < 5 }, h('summary', {}, 'Record'), pretty(failure.record)),
      failure.call ? callDetails(failure.call) : '',
    ),
  );
  return [
    heading(`Run ${run.id}`, retry),
    h('dl', { class: 'facts' }, facts.map(([term, detail]) => [h('dt', {}, term), h('dd', {}, detail)])),
    run.error ? h('p', { class: 'error-text', role: 'note' }, run.error) : '',
    h('h2', {}, 'Steps'),
    table(
      'Steps',
      ['Step', 'Kind', 'In', 'Out', 'Failed'],
      run.steps.map((step) => h('tr', {}, h('td', {}, step.id), h('td', {}, step.kind), h('td', { class: 'number' }, step.in), h('td', { class: 'number' }, step.out), h('td', { class: step.failed ? 'number failed' : 'number' }, step.failed))),
      'No step has run yet.',
    ),
    h('h2', {}, `Failed records (${run.failures.length})`),
    failures.length ? failures : h('p', { class: 'empty' }, 'None.'),
  ];
}

function headerList(headers) {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) return h('p', { class: 'muted' }, 'No headers.');
  return h('dl', { class: 'headers' }, entries.map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));
}

/** The HTTP call that failed a record: the request as sent and the answer (credentials and secrets redacted by the engine). */
function callDetails(call) {
  return h(
    'details',
    { class: 'call' },
    h('summary', {}, `The call: ${call.request.method} ${call.request.url}${call.response ? ` → ${call.response.status}` : ' (no answer)'}`),
    h('h4', {}, 'Request'),
    h('p', {}, h('code', {}, `${call.request.method} ${call.request.url}`)),
    headerList(call.request.headers),
    call.request.body !== undefined ? h('pre', { class: 'payload' }, call.request.body) : '',
    call.response ? [h('h4', {}, `Response ${call.response.status}`), headerList(call.response.headers), h('pre', { class: 'payload' }, call.response.body || '(empty body)')] : '',
  );
}

async function flowView(name) {
  const flow = await api(`flows/${encodeURIComponent(name)}`);
  const diagram = h(
    'ol',
    { class: 'diagram', 'aria-label': `Steps of ${flow.name}` },
    h('li', { class: 'node trigger' }, h('span', { class: 'kind' }, 'trigger'), flow.trigger),
    flow.steps.map((step) => h('li', { class: `node depth-${Math.min(step.depth, 4)}` }, h('span', { class: 'kind' }, step.kind), step.path)),
  );
  const actions = [];
  if (session.role === 'admin') {
    actions.push(
      h(
        'button',
        {
          type: 'button',
          onclick: async () => {
            try {
              await api(`flows/${encodeURIComponent(flow.name)}/${flow.paused ? 'resume' : 'pause'}`, { method: 'POST', body: {} });
              toast(`${flow.name}: triggers ${flow.paused ? 'resumed' : 'paused'}`);
              render();
            } catch (failure) {
              toast(failure.message, 'error');
            }
          },
        },
        flow.paused ? 'Resume triggers' : 'Pause triggers',
      ),
    );
    const body = h('textarea', { id: 'run-body', rows: 4, spellcheck: 'false', placeholder: '{ "id": 42 }' });
    actions.push(
      h(
        'form',
        {
          class: 'run-now',
          onsubmit: async (event) => {
            event.preventDefault();
            let record;
            if (body.value.trim()) {
              try {
                record = JSON.parse(body.value);
              } catch {
                return toast('The body is not JSON.', 'error');
              }
            }
            try {
              const answer = await api(`flows/${encodeURIComponent(flow.name)}/run`, { method: 'POST', body: record === undefined ? {} : { record } });
              location.hash = `#/runs/${encodeURIComponent(answer.run)}`;
            } catch (failure) {
              toast(failure.message, 'error');
            }
          },
        },
        h('label', { for: 'run-body' }, 'Run now, with this record (optional JSON)'),
        body,
        h('button', { type: 'submit' }, 'Run now'),
      ),
    );
  }
  return [
    heading(`Flow ${flow.name}`, flowState(flow)),
    flow.paused ? h('p', { class: 'notice' }, `Triggers paused by ${flow.paused.by} at `, time(flow.paused.at), '. Schedules skip, webhooks answer 503 until resumed.') : '',
    h('div', { class: 'actions' }, actions),
    h('h2', {}, 'Steps'),
    diagram,
    h('h2', {}, 'Recent runs'),
    table('Recent runs', runHeadings, flow.runs.map(runRow)),
    h('p', {}, h('a', { href: `#/runs?flow=${encodeURIComponent(flow.name)}` }, 'All runs of this flow')),
    h('h2', {}, 'Operations'),
    auditTable(flow.audit),
  ];
}

function auditTable(entries) {
  return table(
    'Audit log',
    ['When', 'Who', 'What', 'Flow', 'Run'],
    entries.map((entry) => h('tr', {}, h('td', {}, time(entry.at)), h('td', {}, entry.actor), h('td', {}, entry.action), h('td', {}, entry.flow), h('td', {}, entry.run ? h('a', { href: `#/runs/${encodeURIComponent(entry.run)}` }, entry.run) : '—'))),
    'No operator has done anything here yet.',
  );
}

/** A revision's counts; opened, the resources it added, changed and removed (loaded then). */
function changesOf(revision) {
  const list = h('div', { class: 'changes' });
  const details = h(
    'details',
    {
      ontoggle: async () => {
        if (!details.open || list.childElementCount > 0) return;
        try {
          const changes = await api(`revisions/${revision.number}/changes`);
          for (const [label, entries] of [['added', changes.added], ['changed', changes.changed], ['removed', changes.removed]]) {
            if (entries.length) list.append(h('p', {}, h('strong', {}, `${label}: `), entries.map((entry) => `${entry.kind} ${entry.name}`).join(', ')));
          }
          if (list.childElementCount === 0) list.append(h('p', { class: 'muted' }, 'Nothing changed.'));
        } catch (failure) {
          list.append(h('p', { class: 'error-text' }, failure.message));
        }
      },
    },
    h('summary', {}, `+${revision.summary.add} ~${revision.summary.change} -${revision.summary.destroy}`),
    list,
  );
  return details;
}

async function revisionsView() {
  const data = await api('revisions');
  const rows = data.revisions.map((revision) =>
    h(
      'tr',
      {},
      h('td', {}, String(revision.number), revision.number === data.live ? h('span', { class: 'badge enabled' }, 'live') : ''),
      h('td', {}, time(revision.createdAt)),
      h('td', {}, revision.user),
      h('td', {}, revision.source ? h('code', { title: revision.source.commit }, revision.source.commit.slice(0, 12)) : '—', revision.source?.dirty ? h('span', { class: 'muted' }, ' (with changes not committed)') : ''),
      h('td', {}, revision.source?.branch ?? '—'),
      h('td', {}, changesOf(revision)),
    ),
  );
  return [heading('Revisions'), table('Revisions', ['Revision', 'Applied', 'By', 'Commit', 'Branch', 'Changes (add, change, destroy)'], rows, 'Nothing is applied yet.')];
}

async function auditView() {
  const data = await api('audit');
  return [heading('Audit log'), auditTable(data.audit)];
}

// ---- Routing and live updates ------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?');
  const params = new URLSearchParams(search);
  let match;
  if (path === '/') return { name: 'overview', load: overview };
  if (path === '/runs') return { name: 'runs', params, load: () => runsView(params) };
  if ((match = /^\/runs\/([\w-]+)$/.exec(path))) return { name: 'run', id: match[1], load: () => runView(match[1]) };
  if ((match = /^\/flows\/([a-z][a-z0-9-]*)$/.exec(path))) return { name: 'flow', load: () => flowView(match[1]) };
  if (path === '/revisions') return { name: 'revisions', load: revisionsView };
  if (path === '/audit') return { name: 'audit', load: auditView };
  return { name: 'missing', load: async () => [heading('Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the overview'))] };
}

let rendering = 0;
async function render(focus = false) {
  if (!session.role) return signIn();
  const current = route();
  const ticket = ++rendering;
  for (const link of document.querySelectorAll('#nav a')) {
    const target = link.getAttribute('href').slice(1);
    if ((target === '/' && current.name === 'overview') || (target !== '/' && location.hash.slice(1).startsWith(target))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    const content = await current.load();
    if (ticket !== rendering) return;
    main.replaceChildren(...content.flat());
    main.setAttribute('aria-busy', 'false');
    if (focus) main.focus();
  } catch (failure) {
    if (failure.status === 401) return;
    if (ticket !== rendering) return;
    main.replaceChildren(heading('Something went wrong'), h('p', { class: 'error-text', role: 'alert' }, failure.message));
  }
}

/** Live: the engine says which runs are under way and which are newest; the view follows. */
function startLive() {
  liveSource?.close();
  liveSource = new EventSource('/ui/api/live');
  liveSource.addEventListener('runs', (event) => {
    const data = JSON.parse(event.data);
    document.getElementById('live').textContent = data.running.length ? `${data.running.length} run${data.running.length === 1 ? '' : 's'} in progress` : '';
    const changed = lastLive !== undefined && lastLive !== event.data;
    lastLive = event.data;
    if (!changed) return;
    const current = route();
    const editing = document.activeElement && ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName);
    if (editing) return;
    if (current.name === 'overview' || (current.name === 'runs' && !current.params.get('before'))) render();
    if (current.name === 'run' && main.querySelector('.badge.running, .badge.queued')) render();
    if (current.name === 'run' && data.recent.some((run) => run.id === current.id)) render();
  });
  liveSource.addEventListener('signed-out', () => signedOut());
}

function signedOut() {
  session.role = undefined;
  session.csrf = undefined;
  liveSource?.close();
  signIn();
}

function started() {
  document.getElementById('nav').hidden = false;
  document.getElementById('sign-out').hidden = false;
  document.getElementById('who').textContent = session.role === 'admin' ? 'signed in (can retry, run, pause)' : 'signed in read-only';
  startLive();
  render(true);
}

document.getElementById('sign-out').addEventListener('click', async () => {
  await api('session', { method: 'DELETE' }).catch(() => undefined);
  signedOut();
});
window.addEventListener('hashchange', () => render(true));
// The hash is the router's: the skip link moves the focus without changing it.
document.querySelector('.skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

try {
  Object.assign(session, await api('session'));
  started();
} catch {
  signIn();
}
