// Telling devices what to do: send a command (name and JSON arguments, checked by
// the server against the device kind's catalogue), set a device's desired state,
// and edit an alarm rule of machines or vehicles. Each form keeps what was typed
// across the panel's refreshes; the server's refusal (400 naming the field, 409
// naming the current version) is shown in the panel.
import { act } from './actions.js';
import { api, session } from './api.js';
import { h } from './dom.js';

const COMMAND_KINDS = ['machine', 'vehicle'];

/** Where each analysis serves its alarm rules (apps/*\/src/rules/alarm-rules.feature.ts). */
const RULE_SERVICES = {
  machines: { label: 'machines (operation analysis)', path: '/alarm-rules' },
  vehicles: { label: 'vehicles (vehicle monitoring)', path: '/vehicle-monitoring/alarm-rules' },
};

/** What was typed, kept across refreshes (the body is rebuilt on each). */
const drafts = {
  command: { deviceId: '', name: '', args: '{}', ttlSec: '' },
  desired: { deviceId: '', version: '0', desired: '{}' },
  rule: { service: 'machines', scope: 'models', target: '', version: '0', rule: '{}' },
};
/** The last rule read from the server: its version name and the effective rules it makes. */
let loadedRule = null;

/** JSON typed by the operator, or an error the panel shows without calling the server. */
function parseJson(label, text) {
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value;
  } catch (err) {
    throw Object.assign(new Error(`${label} is not a JSON object (${err.message})`), { status: 'not sent' });
  }
}

/** A text input or textarea bound to drafts[form][field]. */
function field(form, name, label, { multiline = false, ...attrs } = {}) {
  const key = `${form}-${name}`;
  const common = { name, 'data-key': key, spellcheck: 'false', oninput: (e) => (drafts[form][name] = e.target.value), ...attrs };
  const control = multiline ? h('textarea', { rows: 3, cols: 40, ...common }, drafts[form][name]) : h('input', { value: drafts[form][name], ...common });
  return h('label', {}, `${label} `, control);
}

function select(form, name, label, options) {
  return h(
    'label',
    {},
    `${label} `,
    h(
      'select',
      { name, 'data-key': `${form}-${name}`, onchange: (e) => (drafts[form][name] = e.target.value) },
      Object.entries(options).map(([value, text]) => h('option', { value, selected: drafts[form][name] === value }, text)),
    ),
  );
}

function formOf(id, title, onsubmit, ...children) {
  const form = h('form', { id, class: 'user-form device-form', autocomplete: 'off' }, h('h3', {}, title), ...children);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onsubmit(event.submitter?.dataset.action);
  });
  return form;
}

/** POST /devices/:id/commands (operator, maintenance, callcentre). */
function commandForm(catalogue, panel, ctx) {
  const d = drafts.command;
  const names = [...new Set(catalogue.flatMap((c) => c.commands.map((x) => x.name)))];
  const send = () =>
    act(panel, ctx, `Command ${d.name} to ${d.deviceId}`, () => {
      const body = { name: d.name.trim(), args: parseJson('Arguments', d.args) };
      if (d.ttlSec.trim() !== '') body.ttlMs = Math.round(Number(d.ttlSec) * 1000);
      return api(`/devices/${encodeURIComponent(d.deviceId.trim())}/commands`, { method: 'POST', body });
    });
  return formOf(
    'form-command',
    'Send a command',
    send,
    field('command', 'deviceId', 'Device', { required: true, maxlength: 64 }),
    field('command', 'name', 'Command', { required: true, maxlength: 64, list: 'command-names' }),
    h('datalist', { id: 'command-names' }, names.map((n) => h('option', { value: n }))),
    field('command', 'args', 'Arguments (JSON)', { multiline: true }),
    field('command', 'ttlSec', 'Expires after (s, default 3600)', { inputmode: 'numeric', size: 6 }),
    h('button', { type: 'submit', 'data-key': 'send-command', 'data-action': 'send' }, 'Send command'),
    catalogue.length > 0
      ? h(
          'details',
          {},
          h('summary', {}, 'Command catalogue'),
          h('ul', { class: 'catalogue' }, catalogue.flatMap((c) => c.commands.map((x) => h('li', {}, h('code', {}, `${c.kind} · ${x.name}`), ` {${Object.keys(x.args.properties ?? {}).join(', ')}}: ${x.description}`)))),
        )
      : null,
  );
}

/** GET /devices/:id/state and PUT …/desired (operator), naming the version read. */
function desiredForm(panel, ctx) {
  const d = drafts.desired;
  const path = () => `/devices/${encodeURIComponent(d.deviceId.trim())}/state`;
  const submit = (action) =>
    act(panel, ctx, action === 'read' ? `Read the state of ${d.deviceId}` : `Desired state of ${d.deviceId}`, async () => {
      const view = action === 'read' ? await api(path()) : await api(`${path()}/desired`, { method: 'PUT', body: { version: Number(d.version), desired: parseJson('Desired state', d.desired) } });
      d.version = String(view.desiredVersion);
      d.desired = JSON.stringify(view.desired);
    });
  return formOf(
    'form-desired',
    'Desired state',
    submit,
    field('desired', 'deviceId', 'Device', { required: true, maxlength: 64 }),
    field('desired', 'version', 'Based on version', { inputmode: 'numeric', size: 4 }),
    field('desired', 'desired', 'Desired (JSON)', { multiline: true }),
    // the first button is what Enter does: the change, never a read that would replace what was typed
    h('button', { type: 'submit', 'data-key': 'set-desired', 'data-action': 'set' }, 'Set desired'),
    h('button', { type: 'submit', 'data-key': 'read-state', 'data-action': 'read' }, 'Read current'),
  );
}

/** GET and PUT <service>/alarm-rules/:scope/:target (read: operator, maintenance; change: maintenance). */
function ruleForm(panel, ctx) {
  const d = drafts.rule;
  const canChange = session.has('maintenance');
  const path = () => `${RULE_SERVICES[d.service].path}/${d.scope}/${encodeURIComponent(d.target.trim())}`;
  const submit = (action) =>
    act(panel, ctx, action === 'read' ? `Read the rule of ${d.target}` : `Alarm rule of ${d.target}`, async () => {
      if (action === 'save') await api(path(), { method: 'PUT', body: { version: Number(d.version), rule: parseJson('Rule', d.rule) } });
      const view = await api(path());
      d.version = String(view.version);
      d.rule = JSON.stringify(view.rule);
      loadedRule = view;
    });
  return formOf(
    'form-rule',
    'Alarm rule',
    submit,
    select('rule', 'service', 'Of', Object.fromEntries(Object.entries(RULE_SERVICES).map(([k, v]) => [k, v.label]))),
    select('rule', 'scope', 'For a', { models: 'model', devices: 'device' }),
    field('rule', 'target', 'Model or device id', { required: true, maxlength: 64 }),
    field('rule', 'version', 'Based on version', { inputmode: 'numeric', size: 4 }),
    field('rule', 'rule', 'Override (JSON)', { multiline: true, readonly: !canChange }),
    canChange ? h('button', { type: 'submit', 'data-key': 'save-rule', 'data-action': 'save' }, 'Save rule') : null,
    h('button', { type: 'submit', 'data-key': 'read-rule', 'data-action': 'read' }, 'Read current'),
    canChange ? null : h('p', { class: 'muted' }, 'Changing a rule needs the maintenance role.'),
    loadedRule
      ? h(
          'div',
          { class: 'rule-version' },
          `${loadedRule.target} runs as `,
          h('code', {}, loadedRule.ruleVersion),
          h('details', {}, h('summary', {}, 'Effective rules'), h('pre', {}, JSON.stringify(loadedRule.effective, null, 2))),
        )
      : null,
  );
}

/** The command catalogue of each kind (operator), for the name list; the form works without it. */
async function catalogues() {
  if (!session.has('operator')) return [];
  try {
    return await Promise.all(COMMAND_KINDS.map((kind) => api(`/device-commands/catalogue/${kind}`)));
  } catch {
    return [];
  }
}

export const deviceManagement = {
  id: 'panel-device-management',
  roles: ['operator', 'maintenance', 'callcentre'],
  services: [],
  load: catalogues,
  render: (catalogue, ctx, panel) =>
    h(
      'div',
      { class: 'device-forms' },
      commandForm(catalogue, panel, ctx),
      session.has('operator') ? desiredForm(panel, ctx) : null,
      session.has('operator') || session.has('maintenance') ? ruleForm(panel, ctx) : null,
    ),
};
