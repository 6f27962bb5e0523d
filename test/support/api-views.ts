/** The REST API's records as the integration tests read them (the fields they assert on). */

/** A case of the call centre. */
export interface CaseJson {
  id: string;
  kind: string;
  status: string;
  priority: number;
  severity: string;
  position: { lat: number; lon: number };
  lastPosition: { lat: number; lon: number };
  incidentCount: number;
  openedAt: string;
  slaDueAt: string;
  overdue: boolean;
}

/** A listed work order of maintenance management. */
export interface WorkOrderView {
  id: string;
  status: string;
  dedupKey: string;
  findingCount: number;
  site: string | null;
  severity: string;
  firstDetectedAt: string;
  lastDetectedAt: string;
  predictedLimitAt: string | null;
  predictedTimeToLimitSec: number | null;
}
