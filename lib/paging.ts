import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** Paging fields for list operations; values may come from a query string, hence the coercion. */
export const pagingFields = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
};

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export function toPaged<T>(items: T[], total: number, page: number, pageSize: number): Paged<T> {
  return { items, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** A page number from a URL search parameter: anything unusable reads as the first page. */
/**
 * A page whose total may be capped (`totalIsCapped`: more than `total` items exist). The page
 * count then runs to the page holding item total + 1, which is known to exist, so "Next" stays reachable.
 */
export interface CappedPaged<T> extends Paged<T> {
  totalIsCapped: boolean;
}

export function toCappedPaged<T>(
  items: T[], total: number, totalIsCapped: boolean, page: number, pageSize: number,
): CappedPaged<T> {
  const paged = toPaged(items, total, page, pageSize);
  return { ...paged, pageCount: totalIsCapped ? Math.floor(total / pageSize) + 1 : paged.pageCount, totalIsCapped };
}

export function pageFromParam(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}
