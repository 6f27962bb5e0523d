import { sqlMigration } from '@tsunagu/platform';

/**
 * A machine's state (about 4.9 KB of JSON) is over PostgreSQL's TOAST threshold
 * (about 2 KB), so every write of every batch compressed it with pglz (this build
 * has no lz4), and that was half the state upsert's time: 67 states upserted in
 * 9–10 ms compressed, 5 ms stored as written. `toast_tuple_target = 8160` (the most
 * a page allows) keeps rows below 8 KB inline and uncompressed; larger ones are
 * still compressed and moved out of line as before.
 */
export const MachineStateInline1766300000100 = sqlMigration('MachineStateInline1766300000100', {
  up: [`ALTER TABLE operation_analysis.machine_states SET (toast_tuple_target = 8160)`],
  down: [`ALTER TABLE operation_analysis.machine_states RESET (toast_tuple_target)`],
});
