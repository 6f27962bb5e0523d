import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LineBurstState } from '@tsunagu/tweet-analysis';

/** The burst detector's state of one line (plain JSON from the pure library). */
@Entity({ name: 'line_states' })
export class LineStateEntity {
  @PrimaryColumn('text', { name: 'line_id' }) lineId!: string;
  @Column('jsonb') state!: LineBurstState;
  @Column('text', { name: 'active_disruption_id', nullable: true }) activeDisruptionId!: string | null;
  /** wall clock (epoch ms, the service's clock) when the line last received a delay report: the quiet timeout counts from it */
  @Column('bigint', { name: 'last_report_wall_ms' }) lastReportWallMs!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
