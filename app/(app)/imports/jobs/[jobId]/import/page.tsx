import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { WizardSteps } from '@/components/import/wizard/wizard-steps';
import { ImportProgress } from '@/components/import/wizard/run/import-progress';
import { ImportResult } from '@/components/import/wizard/run/import-result';
import { JobActions } from '@/components/import/wizard/run/job-actions';
import { isImporting, stepPageOf } from '@/components/import/wizard/run/job-phase';
import { JobProblem } from '@/components/import/wizard/run/job-problem';
import { JobSummary } from '@/components/import/wizard/run/job-summary';
import { loadRunJob } from '@/app/(app)/imports/jobs/[jobId]/load-run-job';
import { Forbidden } from '@/components/ui/forbidden';
import { getServerT } from '@/app/_server/i18n';
import { wizardRoutes } from '@/lib/import/wizard/routes';

interface Props {
  params: Promise<{ jobId: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('wizard.steps.import')} – ${t('wizard.title')} – ${t('app.title')}` };
}

export default async function ImportStepPage({ params }: Props) {
  const { jobId } = await params;
  const loaded = await loadRunJob(jobId);
  if (loaded.forbidden) return <Forbidden />;
  const { job, can } = loaded;
  if (stepPageOf(job) === 'validation') redirect(wizardRoutes.validation(job.id));
  const t = await getServerT();
  const importing = isImporting(job);
  const retriable = job.status === 'failed' && !job.fileDeletedAt && job.error?.code !== 'countersInvariant';

  return (
    <>
      <WizardSteps current="import" />
      <h1>{t('wizard.steps.import')}</h1>
      <JobSummary job={job} />
      <JobProblem job={job} />
      {importing && <ImportProgress key={`${job.status}-${job.step}`} initial={job} />}
      <JobActions
        jobId={job.id}
        canCancel={can.cancel.allowed && importing}
        canRetry={can.retry.allowed && retriable}
        retryNeeds={retriable ? can.retry.missing : undefined}
        cancelWhile="import"
      />
      {!importing && <ImportResult job={job} />}
    </>
  );
}
