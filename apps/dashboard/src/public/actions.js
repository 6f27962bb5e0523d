// Acting on records from the console: one button per allowed action, the server's
// answer shown in the panel (a 409 names what is allowed instead), then a refresh.
import { h } from './dom.js';

/** A button whose data-key keeps keyboard focus across refreshes; the record id is read out to screen readers. */
export function actionButton(label, key, onclick, { danger = false, subject = '' } = {}) {
  return h('button', { type: 'button', class: danger ? 'danger' : null, 'data-key': key, 'data-action': label.toLowerCase(), onclick }, label, subject ? h('span', { class: 'visually-hidden' }, ` ${subject}`) : null);
}

/** Runs one action: flashes its outcome in the panel (the server's message on refusal) and refreshes it. */
export async function act(panel, ctx, what, call) {
  try {
    await call();
    panel.flash(`${what}: done.`, 'ok');
  } catch (err) {
    const why = err.kind === 'forbidden' ? 'your account may not do this' : err.message;
    const list = err.body && (err.body.allowed ?? err.body.allowedTransitions);
    const allowed = Array.isArray(list) ? ` (allowed now: ${list.map((s) => s.replace('_', ' ')).join(', ') || 'none'})` : '';
    panel.flash(`${what}: refused (${err.status || 'no answer'}): ${why}${allowed}.`, 'error');
  }
  await ctx.refreshPanel(panel);
}

/** window.prompt that returns null when cancelled or left empty. */
export function ask(question, preset = '') {
  const answer = window.prompt(question, preset);
  return answer === null || answer.trim() === '' ? null : answer.trim();
}
