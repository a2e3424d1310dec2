import { runAsCurrentUser } from '@/lib/actions/bind';
import { getJobProjection } from '@/lib/import/jobs/projection/operations';
import { ProjectionPanel } from './projection-panel';

/** The job page's "what the import will do", while the job waits to be imported. */
export async function ProjectionSection({ jobId }: { jobId: string }) {
  const result = await runAsCurrentUser(getJobProjection, { jobId });
  if (!result.ok) return null;
  return <ProjectionPanel jobId={jobId} fixVersion={result.data.fixVersion} initial={result.data} />;
}
