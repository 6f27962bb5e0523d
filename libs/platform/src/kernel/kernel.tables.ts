import { column, defineTable } from '../database/table';

/**
 * The service kernel's own tables, in every service's schema (created by
 * `KernelTables1765000000000`): the consumed offset of each (group, topic,
 * partition), the outbox of records to relay after commit, and the ids of
 * processed messages for consumers whose keys can repeat.
 */
export function kernelTables(schema: string) {
  return {
    offsets: defineTable(schema, 'kernel_offsets', {
      groupId: column.text(),
      topic: column.text(),
      partition: column.integer(),
      offset: column.bigintString(),
      updatedAt: column.timestamptz(),
    }),
    outbox: defineTable(schema, 'kernel_outbox', {
      id: column.bigintString(),
      topic: column.text(),
      key: column.text().nullable(),
      value: column.text(),
      headers: column.jsonb<Record<string, string>>(),
      createdAt: column.timestamptz(),
    }),
    processed: defineTable(schema, 'kernel_processed', {
      groupId: column.text(),
      messageId: column.text(),
      processedAt: column.timestamptz(),
    }),
  };
}

export type KernelTables = ReturnType<typeof kernelTables>;

/** Tables every service schema has that no service defines: the migrations' own. */
export const KERNEL_IGNORED_TABLES = ['migrations'] as const;
