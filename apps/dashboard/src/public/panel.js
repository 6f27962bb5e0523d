// One dashboard panel: loads its data, renders it, and degrades on its own.
// A failing feature never breaks the page: the panel says so, and after a few
// failures in a row it stops calling for a while (a client-side circuit breaker)
// so a struggling service is not hammered every refresh.

import { h } from './dom.js';

const OPEN_AFTER_FAILURES = 3;
const OPEN_FOR_MS = 30_000;
const NOTE_MS = 12_000;

export const UNAVAILABLE = 'This feature is currently unavailable.';

/** The panel's <section> (heading, status line, body), appended to the page's grid in the order panels are made. */
function sectionOf(spec) {
  const classes = ['panel', spec.wide ? 'wide' : null, spec.className ?? null].filter(Boolean).join(' ');
  const title = typeof spec.title === 'function' ? spec.title() : spec.title;
  const section = h(
    'section',
    { id: spec.id, class: classes, 'aria-labelledby': `${spec.id}-title` },
    h('h2', { id: `${spec.id}-title` }, title),
    spec.notice ? spec.notice() : null,
    h('p', { class: 'panel-status', role: 'status' }),
    h('div', { class: 'panel-body' }),
  );
  document.querySelector('main.grid').append(section);
  return section;
}

export class Panel {
  /**
   * @param {object} spec
   * @param {string} spec.id         the <section> id
   * @param {string | (() => Array<string | Node>)} spec.title  its heading
   * @param {boolean} [spec.wide]    spans the grid's width
   * @param {string} [spec.className] more classes of the section
   * @param {() => Node} [spec.notice] shown under the heading, always
   * @param {string[]} spec.roles    the roles that may read it (told when the operator lacks them)
   * @param {boolean} [spec.public]  readable without signing in
   * @param {(ctx) => Promise<unknown>} spec.load
   * @param {(data, ctx, panel) => Node} spec.render
   */
  constructor(spec) {
    this.spec = spec;
    this.section = sectionOf(spec);
    this.status = this.section.querySelector('.panel-status');
    this.body = this.section.querySelector('.panel-body');
    this.failures = 0;
    this.openUntil = 0;
    this.note = null;
  }

  /** A message shown over the next refreshes for a while (e.g. the result of an action). */
  flash(text, kind = 'info') {
    this.note = { text, kind, until: Date.now() + NOTE_MS };
  }

  async refresh(ctx) {
    if (!this.spec.public && !ctx.session) {
      this.show('Sign in above to load this panel.', 'info', true);
      return;
    }
    if (!this.spec.public && !this.spec.roles.some((r) => ctx.session.roles.includes(r) || ctx.session.roles.includes('admin'))) {
      this.show(`Your account lacks the role for this panel: it needs ${this.spec.roles.join(' or ')}.`, 'info', true);
      return;
    }
    const now = Date.now();
    if (now < this.openUntil) {
      this.show(`${UNAVAILABLE} Next try at ${new Date(this.openUntil).toLocaleTimeString()}.`, 'warn', true);
      return;
    }
    try {
      const data = await this.spec.load(ctx);
      this.failures = 0;
      this.openUntil = 0;
      this.replaceBody(this.spec.render(data, ctx, this));
      if (this.note && Date.now() > this.note.until) this.note = null;
      this.show(this.note ? this.note.text : '', this.note ? this.note.kind : 'ok', false);
    } catch (err) {
      this.fail(err);
    }
  }

  fail(err) {
    const roles = this.spec.roles.join(' or ');
    switch (err && err.kind) {
      case 'unauthorised':
        this.show('Your session has ended (401): sign in again above.', 'error', true);
        return;
      case 'forbidden':
        this.show(`Your account lacks the role for this panel (403): it needs ${roles}.`, 'error', true);
        return;
      case 'rejected':
        this.show(`The request was refused (${err.status}): ${err.message}`, 'error', true);
        return;
      default: {
        // unavailable, or a bug in rendering: either way only this panel degrades
        this.failures += 1;
        if (this.failures >= OPEN_AFTER_FAILURES) this.openUntil = Date.now() + OPEN_FOR_MS;
        const detail = err && err.status ? ` (HTTP ${err.status})` : err && err.message ? ` (${err.message})` : '';
        this.show(`${UNAVAILABLE}${detail}`, 'warn', true);
      }
    }
  }

  /** Sets the status line; rewrites it only when it changes, so screen readers are not told twice. */
  show(text, kind, clearBody) {
    if (clearBody) this.body.replaceChildren();
    if (this.status.textContent !== text) this.status.textContent = text;
    this.status.dataset.kind = kind;
    this.status.hidden = text === '';
  }

  /** Replaces the body, keeping keyboard focus on the same control (by its data-key) across refreshes. */
  replaceBody(node) {
    const focused = this.body.contains(document.activeElement) ? document.activeElement.dataset.key : undefined;
    this.body.replaceChildren(node);
    if (focused) this.body.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
  }
}
