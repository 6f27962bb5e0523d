/** One page of a list, as every list endpoint answers it: `page` counts from 1. */
export interface Page<T> {
  readonly items: T[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

/** A list query: the page (from 1) and, unless the service's default applies, its size. */
export interface PageQuery {
  readonly page: number;
  readonly pageSize?: number;
}

/**
 * One page of a list: the query's page size or the service's default, handed to
 * `list` (which skips `(page - 1) * pageSize` rows), and the answer every list gives.
 */
export async function listPage<Q extends PageQuery, T>(
  query: Q,
  defaultPageSize: number,
  list: (query: Q & { readonly pageSize: number }) => Promise<{ items: T[]; total: number }>,
): Promise<Page<T>> {
  const pageSize = query.pageSize ?? defaultPageSize;
  const { items, total } = await list({ ...query, pageSize });
  return { items, page: query.page, pageSize, total };
}
