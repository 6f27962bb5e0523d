import type { StateDocument } from '../schemas/device-state.v1.schema';

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The desired keys whose value the device has not reported (the difference a device must apply). */
export function stateDelta(desired: StateDocument, reported: StateDocument): StateDocument {
  return Object.fromEntries(Object.entries(desired).filter(([k, v]) => !Object.hasOwn(reported, k) || canonical(reported[k]) !== canonical(v)));
}

/** A partial report merged into the previous one; `null` removes a key. */
export function mergeReported(previous: StateDocument, report: StateDocument): StateDocument {
  const next: StateDocument = { ...previous };
  for (const [k, v] of Object.entries(report)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}
