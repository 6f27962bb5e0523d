import { Inject, Injectable } from '@nestjs/common';
import type { RuleScope } from '@tsunagu/alarm-rules';
import { ServiceDatabase } from '../database/service-database';
import { ALARM_RULES_FEATURE } from './alarm-rules.constants';
import type { AlarmRulesFeature } from './alarm-rules.feature';
import type { AlarmRuleRow, AlarmRuleVersionRow, StoredOverride } from './alarm-rules.tables';

/** Every database access of alarm rules; a change and its history row are one transaction. */
@Injectable()
export class AlarmRulesRepository {
  constructor(
    private readonly db: ServiceDatabase,
    @Inject(ALARM_RULES_FEATURE) private readonly feature: AlarmRulesFeature,
  ) {}

  async all(): Promise<AlarmRuleRow[]> {
    const R = this.feature.tables.current;
    const rows = await this.db.query(`SELECT ${R.select()} FROM ${R.qualified} ORDER BY scope, target`);
    return rows.map(R.parse);
  }

  async find(scope: RuleScope, target: string): Promise<AlarmRuleRow | null> {
    const R = this.feature.tables.current;
    const rows = await this.db.query(`SELECT ${R.select()} FROM ${R.qualified} WHERE scope = $1 AND target = $2`, [scope, target]);
    return rows[0] ? R.parse(rows[0]) : null;
  }

  async history(scope: RuleScope, target: string): Promise<AlarmRuleVersionRow[]> {
    const H = this.feature.tables.versions;
    const rows = await this.db.query(`SELECT ${H.select()} FROM ${H.qualified} WHERE scope = $1 AND target = $2 ORDER BY version DESC`, [scope, target]);
    return rows.map(H.parse);
  }

  /** The model a device last reported (to check a device override against), if it was seen. */
  async modelOf(deviceId: string): Promise<string | null> {
    const rows = await this.db.query<{ model: string }>(this.feature.modelQuery, [deviceId]);
    return rows[0]?.model ?? null;
  }

  /**
   * Stores a new version if the current one is still `expectedVersion` (0: none
   * yet); returns it, or null when another change came first.
   */
  async put(scope: RuleScope, target: string, expectedVersion: number, rule: StoredOverride, by: string, at: Date): Promise<AlarmRuleRow | null> {
    const { current: R, versions: H } = this.feature.tables;
    return this.db.transaction(async (tx) => {
      const current = (await tx.query(`SELECT ${R.select()} FROM ${R.qualified} WHERE scope = $1 AND target = $2 FOR UPDATE`, [scope, target])).map(R.parse)[0];
      if ((current?.version ?? 0) !== expectedVersion) return null;
      const version = expectedVersion + 1;
      const rows = await tx.query(
        `INSERT INTO ${R.qualified} (scope, target, version, rule, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (scope, target) DO UPDATE SET version = EXCLUDED.version, rule = EXCLUDED.rule, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
         RETURNING ${R.select()}`,
        [scope, target, version, JSON.stringify(rule), by, at],
      );
      await tx.query(
        `INSERT INTO ${H.qualified} (scope, target, version, rule, previous_version, previous_rule, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [scope, target, version, JSON.stringify(rule), current?.version ?? null, current ? JSON.stringify(current.rule) : null, by, at],
      );
      return R.parse(rows[0]!);
    });
  }
}
