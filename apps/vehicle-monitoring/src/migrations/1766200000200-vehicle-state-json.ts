import { sqlMigration } from '@tsunagu/platform';

/**
 * A vehicle's analysis state is stored as `json` (the text as written): it is only
 * ever read and written whole, and converting it to jsonb on every write of every
 * batch was most of the write's cost.
 */
export const VehicleStateJson1766200000200 = sqlMigration('VehicleStateJson1766200000200', {
  up: [`ALTER TABLE vehicle_monitoring.vehicles ALTER COLUMN state TYPE json USING state::json`],
  down: [`ALTER TABLE vehicle_monitoring.vehicles ALTER COLUMN state TYPE jsonb USING state::jsonb`],
});
