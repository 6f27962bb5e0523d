import { sqlMigration } from '@tsunagu/platform';

/**
 * A dispatcher may close a request by hand (the station needs no more vehicles):
 * who closed it and why are kept beside it. Requests closed because their
 * disruption ended keep both null.
 */
export const DispatchRequestClosing1766100000000 = sqlMigration('DispatchRequestClosing1766100000000', {
  up: [`ALTER TABLE dispatch.requests ADD COLUMN closed_by text, ADD COLUMN close_note text`],
  down: [`ALTER TABLE dispatch.requests DROP COLUMN close_note, DROP COLUMN closed_by`],
});
