import { z } from 'zod';

/**
 * C0 controls (NUL among them: PostgreSQL text refuses it) and DEL, except tab,
 * line feed and carriage return, which free text may hold.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
// eslint-disable-next-line no-control-regex
const ANY_CONTROL_OR_SPACE = /[\u0000-\u0020\u007F]/;

/** Free text as a contract holds it: no control characters, bounded. */
export function freeText(max: number) {
  return z.string().min(1).max(max).refine((s) => !CONTROL.test(s), { message: 'must not contain control characters' });
}

/** Free text as a door takes it: Unicode NFKC, control characters removed, then bounded (normalised before it is validated). */
export function normalisedText(max: number) {
  return z
    .string()
    .transform((s) => s.normalize('NFKC').replace(CONTROLS, ''))
    .pipe(z.string().min(1).max(max));
}

/** An identifier: printable, no spaces or control characters, bounded. */
export function identifier(max: number) {
  return z.string().min(1).max(max).refine((s) => !ANY_CONTROL_OR_SPACE.test(s), { message: 'must not contain spaces or control characters' });
}
