import { runAsCurrentUser } from '@/lib/actions/bind';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import type { FixOperationView } from '@/lib/import/fixes/schemas';
import { getWorkbenchRules, listFixOperations, listWorkbenchRows } from '@/lib/import/fixes/operations';
import { getJobProjection } from '@/lib/import/jobs/projection/operations';
import { Workbench } from './workbench';
import { WORKBENCH_PAGE_SIZE } from './types';

/** One row's fix (an edit or an exclusion), made in the request: its filter names the line. */
const isRowFix = (op: FixOperationView) => op.kind === 'cell' || Array.isArray(op.filter.lines);

/**
 * The workbench of a validated (or fixing) job, its first page read here: the rows to fix, the
 * fixes made, the projection, and the job's frozen settings, which the browser's row check
 * (checkRowCells) needs to apply the server's rules as the person types.
 */
export async function WorkbenchSection({ job, canFix }: { job: ImportJobView; canFix: boolean }) {
  const [rows, operations, projection, rules] = await Promise.all([
    runAsCurrentUser(listWorkbenchRows, { jobId: job.id, filter: { state: 'invalid' }, pageSize: WORKBENCH_PAGE_SIZE }),
    runAsCurrentUser(listFixOperations, { jobId: job.id }),
    runAsCurrentUser(getJobProjection, { jobId: job.id }),
    runAsCurrentUser(getWorkbenchRules, { jobId: job.id }),
  ]);
  if (!rows.ok) throw new Error(`listWorkbenchRows failed: ${rows.error.key}`);
  if (!rules.ok) return null;
  const items = operations.ok ? operations.data.items : [];
  // Bulk fixes and undos applied: one more (or a new step) starts the workbench afresh from what
  // the server reads now; a cell edit does not, the grid keeps its place and focus.
  const rounds = items.filter((op) => !isRowFix(op) && op.status === 'applied').length;
  return (
    <Workbench key={`${job.step}-${rounds}`} job={job} settings={rules.data.settings} firstPage={rows.data}
      operations={items} projection={projection.ok ? projection.data : null} canFix={canFix} />
  );
}
