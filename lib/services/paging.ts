import { listQuery, type ListQuery } from "../validation/common";

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function parseListQuery(params: URLSearchParams): ListQuery & { raw: URLSearchParams } {
  return { ...listQuery.parse(Object.fromEntries(params)), raw: params };
}

export function skipTake(q: ListQuery) {
  return { skip: (q.page - 1) * q.pageSize, take: q.pageSize };
}
