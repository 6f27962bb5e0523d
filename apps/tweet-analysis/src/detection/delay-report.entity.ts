import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tweet that reported a delay or suspension on a line; (tweet id, line) deduplicates. */
@Entity({ name: 'delay_reports' })
export class DelayReportEntity {
  @PrimaryColumn('text', { name: 'tweet_id' }) tweetId!: string;
  @PrimaryColumn('text', { name: 'line_id' }) lineId!: string;
  /** the tweet's createdAt, epoch ms */
  @Column('bigint') ts!: number;
  @Column('text') author!: string;
  @Column('text') kind!: 'delay' | 'suspension';
  @Column('real') confidence!: number;
  @Column('text', { array: true }) stations!: string[];
  @Column('text') text!: string;
}
