import { JOB_LIST_FILTERS } from '@/lib/import/jobs/list-schemas';

// The Imports page's state in its URL: the filters (the schema's field names), the time zone the
// days are read in, and the page. A GET form writes them, so reload and shared links keep them.

const PARAMS = [...JOB_LIST_FILTERS, 'timeZone'] as const;
export type ListParam = (typeof PARAMS)[number];
export type ListParams = Partial<Record<ListParam, string>>;
type SearchParams = Record<string, string | string[] | undefined>;

/** The list parameters present in the URL (first value of each, empty ones dropped). */
export function readListParams(searchParams: SearchParams): ListParams {
  const params: ListParams = {};
  for (const name of PARAMS) {
    const raw = searchParams[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value?.trim()) params[name] = value;
  }
  return params;
}

export function hasFilters(params: ListParams): boolean {
  return JOB_LIST_FILTERS.some((name) => params[name] !== undefined);
}

/** The Imports page with these parameters, at `page` (the first when unset). */
export function listHref(params: ListParams, page?: number): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== undefined) as [string, string][]);
  if (page && page > 1) query.set('page', String(page));
  const search = query.toString();
  return search ? `/imports?${search}` : '/imports';
}
