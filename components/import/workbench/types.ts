// The shapes the workbench reads, as the server's operations define them (decision 008).
import type { WorkbenchCounts, WorkbenchRow } from '@/lib/import/fixes/schemas';

export type {
  FixAction, FixFilter, FixOperationView, FixState, WorkbenchCounts, WorkbenchRow, WorkbenchRowError as RowFixError,
} from '@/lib/import/fixes/schemas';
export type { ProjectionView } from '@/lib/import/jobs/projection/types';

/**
 * Rows per page of the grid. Here, not in the client component: a server component importing a
 * value from a 'use client' module gets a reference to it, not the number.
 */
export const WORKBENCH_PAGE_SIZE = 50;

/** A page of listWorkbenchRows. */
export interface WorkbenchPage {
  headers: string[];
  rows: WorkbenchRow[];
  total: number;
  nextAfter: number | null;
  facets: { codes: { code: string; count: number }[]; columns: { column: string; count: number }[] };
  counts: WorkbenchCounts;
  editable: boolean;
}
