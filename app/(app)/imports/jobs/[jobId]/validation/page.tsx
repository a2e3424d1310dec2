import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { WizardSteps } from '@/components/import/wizard/wizard-steps';
import { CountList } from '@/components/import/wizard/run/count-list';
import { JobActions } from '@/components/import/wizard/run/job-actions';
import { isCancellable, isInWorkbench, isValidated, isValidating, stepPageOf } from '@/components/import/wizard/run/job-phase';
import { WorkbenchSection } from '@/components/import/workbench/workbench-section';
import { JobProblem } from '@/components/import/wizard/run/job-problem';
import { JobSummary } from '@/components/import/wizard/run/job-summary';
import { loadRunJob } from '@/app/(app)/imports/jobs/[jobId]/load-run-job';
import { ValidationLog, severityFromParam } from '@/components/import/wizard/run/validation-log';
import { pageFromParam } from '@/lib/paging';
import { ValidationProgress } from '@/components/import/wizard/run/validation-progress';
import { Forbidden } from '@/components/ui/forbidden';
import { getServerT } from '@/app/_server/i18n';
import { wizardRoutes } from '@/lib/import/wizard/routes';

interface Props {
  params: Promise<{ jobId: string }>;
  searchParams: Promise<{ code?: string | string[]; errors?: string | string[]; severity?: string | string[] }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('wizard.steps.validation')} – ${t('wizard.title')} – ${t('app.title')}` };
}

export default async function ValidationStepPage({ params, searchParams }: Props) {
  const { jobId } = await params;
  const loaded = await loadRunJob(jobId);
  if (loaded.forbidden) return <Forbidden />;
  const { job, details, can } = loaded;
  if (stepPageOf(job) === 'import') redirect(wizardRoutes.import(job.id));
  const t = await getServerT();
  const { code: rawCode, errors: errorsPage, severity } = await searchParams;
  const code = (Array.isArray(rawCode) ? rawCode[0] : rawCode)?.trim().slice(0, 100) || undefined;
  const { counters } = job;
  const validated = isValidated(job);
  const retriable = job.status === 'failed' && !job.fileDeletedAt;
  // A job cancelled (or failed) after its validation still has the validation's result to show.
  const hasResult = isInWorkbench(job) || (!isCancellable(job) && counters.rowsInFile > 0);

  return (
    <>
      <WizardSteps current="validation" />
      <h1>{t('wizard.steps.validation')}</h1>
      <JobSummary job={job} />
      <JobProblem job={job} />
      {isValidating(job) && <ValidationProgress key={`${job.status}-${job.step}`} initial={job} />}
      {validated && (
        <p>{counters.validRows > 0 ? t('wizardRun.validation.ready') : t('wizardRun.validation.noValidRows')}</p>
      )}
      {hasResult && (
        <CountList label={t('wizardRun.counts.label')} counts={[
          { id: 'rows-in-file', label: t('wizardRun.counts.rowsInFile'), value: counters.rowsInFile },
          { id: 'valid-rows', label: t('wizardRun.counts.validRows'), value: counters.validRows },
          { id: 'invalid-rows', label: t('wizardRun.counts.invalidRows'), value: counters.invalidRows },
          { id: 'repeated-rows', label: t('wizardRun.counts.repeatedRows'), value: counters.repeatedRows },
        ]} />
      )}
      <JobActions
        jobId={job.id}
        canContinue={can.continue.allowed && validated}
        canCancel={can.cancel.allowed && isCancellable(job)}
        canRetry={can.retry.allowed && retriable}
        continueNeeds={validated ? can.continue.missing : undefined}
        retryNeeds={retriable ? can.retry.missing : undefined}
        cancelWhile="validation"
        backHref={details.uploadId && job.status !== 'completed' ? wizardRoutes.settings(details.uploadId) : undefined}
      />
      {isInWorkbench(job) && <WorkbenchSection job={job} canFix={can.cancel.allowed} />}
      {job.status === 'cancelled' && (
        <p><Link href={wizardRoutes.upload()}>{t('wizardRun.actions.newImport')}</Link></p>
      )}
      {hasResult && <ValidationLog jobId={job.id} code={code} severity={severityFromParam(severity)} page={pageFromParam(errorsPage)} pagePath={wizardRoutes.validation(job.id)} />}
    </>
  );
}
