/**
 * A condition with hysteresis and a minimum duration, as for the machines: it
 * becomes active once the value has stayed beyond `on` for `minMs`, and clears
 * only once it has stayed back beyond `off` for `minMs`. A value in between
 * keeps the current state, so a reading hovering at the limit fires once.
 */
export interface HysteresisConfig {
  /** 'above': active when value ≥ on, clear when value ≤ off (off < on); 'below' the mirror image */
  readonly direction: 'above' | 'below';
  readonly on: number;
  readonly off: number;
  /** ms of reading time the value must stay beyond a threshold before the state flips */
  readonly minMs: number;
}

export interface HysteresisState {
  readonly active: boolean;
  /** reading time the value first went beyond the threshold that would flip the state; null if not pending */
  readonly pendingSince: number | null;
  /** Kafka offset of the first pending reading (the finding's origin starts there) */
  readonly pendingFromOffset: string | null;
  /** reading time the active episode started (the finding id derives from it) */
  readonly episodeStart: number | null;
  /** worst value seen in the pending or active episode */
  readonly peak: number | null;
}

/** shared by every state at rest (the steps never change a state in place, they return an unchanged one as it is) */
export const INITIAL_HYSTERESIS: HysteresisState = Object.freeze({
  active: false,
  pendingSince: null,
  pendingFromOffset: null,
  episodeStart: null,
  peak: null,
});

export type HysteresisTransition = 'fired' | 'cleared' | null;

function worse(config: HysteresisConfig, a: number | null, b: number): number {
  if (a === null) return b;
  return config.direction === 'above' ? Math.max(a, b) : Math.min(a, b);
}

/** Feeds one reading; returns the new state (the same object when nothing changed) and whether it just fired or cleared. */
export function stepHysteresis(
  state: HysteresisState,
  value: number,
  ts: number,
  offset: string,
  config: HysteresisConfig,
): { state: HysteresisState; transition: HysteresisTransition } {
  const beyondOn = config.direction === 'above' ? value >= config.on : value <= config.on;
  const beyondOff = config.direction === 'above' ? value <= config.off : value >= config.off;
  if (!state.active) {
    if (!beyondOn) return { state: INITIAL_HYSTERESIS, transition: null };
    const pendingSince = state.pendingSince ?? ts;
    const pendingFromOffset = state.pendingFromOffset ?? offset;
    const peak = worse(config, state.peak, value);
    if (ts - pendingSince >= config.minMs) {
      return {
        state: { active: true, pendingSince: null, pendingFromOffset, episodeStart: pendingSince, peak },
        transition: 'fired',
      };
    }
    if (pendingSince === state.pendingSince && pendingFromOffset === state.pendingFromOffset && peak === state.peak) return { state, transition: null };
    return { state: { ...state, pendingSince, pendingFromOffset, peak }, transition: null };
  }
  if (!beyondOff) {
    const peak = worse(config, state.peak, value);
    if (state.pendingSince === null && peak === state.peak) return { state, transition: null };
    return { state: { ...state, pendingSince: null, peak }, transition: null };
  }
  const pendingSince = state.pendingSince ?? ts;
  if (ts - pendingSince >= config.minMs) return { state: INITIAL_HYSTERESIS, transition: 'cleared' };
  return { state: pendingSince === state.pendingSince ? state : { ...state, pendingSince }, transition: null };
}
