import type { Metadata } from 'next';
import Link from 'next/link';
import { CountList } from '@/components/import/wizard/run/count-list';
import { JobChanges } from '@/components/import/wizard/run/job-changes';
import { JobFacts } from '@/components/import/wizard/run/job-facts';
import { ImportProgress } from '@/components/import/wizard/run/import-progress';
import { JobActions } from '@/components/import/wizard/run/job-actions';
import { isCancellable, isFixing, isImporting, isInWorkbench, isValidated, isValidating, stepPageOf } from '@/components/import/wizard/run/job-phase';
import { FixingProgress } from '@/components/import/workbench/fixing-progress';
import { JobFixes } from '@/components/import/workbench/job-fixes';
import { ProjectionSection } from '@/components/import/workbench/projection-section';
import { ValidationProgress } from '@/components/import/wizard/run/validation-progress';
import { RevertSection } from '@/components/import/jobs/revert-section';
import { JobProblem } from '@/components/import/wizard/run/job-problem';
import { loadRunJob } from '@/app/(app)/imports/jobs/[jobId]/load-run-job';
import { ValidationLog, severityFromParam } from '@/components/import/wizard/run/validation-log';
import { Forbidden } from '@/components/ui/forbidden';
import { getServerT } from '@/app/_server/i18n';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import { pageFromParam } from '@/lib/paging';
import { CHANGE_ACTIONS, type ChangeAction } from '@/lib/import/jobs/reports/schemas';

interface Props {
  params: Promise<{ jobId: string }>;
  searchParams: Promise<{
    page?: string | string[]; action?: string | string[]; code?: string | string[]; conflicts?: string | string[];
    errors?: string | string[]; severity?: string | string[]; fixes?: string | string[];
  }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('wizardRun.job.title')} – ${t('app.title')}` };
}

const asAction = (value: string | string[] | undefined): ChangeAction | undefined => {
  const text = Array.isArray(value) ? value[0] : value;
  return (CHANGE_ACTIONS as readonly string[]).includes(text ?? '') ? text as ChangeAction : undefined;
};

const asCode = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.trim().slice(0, 100) || undefined;

/**
 * The job page: its fields and counters, its progress live while it runs, Continue / Cancel /
 * Retry as its state allows, the validation log, Revert, and the contacts it changed.
 */
export default async function ImportJobPage({ params, searchParams }: Props) {
  const { jobId } = await params;
  const loaded = await loadRunJob(jobId);
  if (loaded.forbidden) return <Forbidden />;
  const { job, details, can } = loaded;
  const retriable = job.status === 'failed' && !job.fileDeletedAt;
  const query = await searchParams;
  const t = await getServerT();
  const { counters } = job;
  const counts = ([
    ['rows-in-file', 'wizardRun.counts.rowsInFile', counters.rowsInFile],
    ['valid-rows', 'wizardRun.counts.validRows', counters.validRows],
    ['invalid-rows', 'wizardRun.counts.invalidRows', counters.invalidRows],
    ['repeated-rows', 'wizardRun.counts.repeatedRows', counters.repeatedRows],
    ['fixed-rows', 'wizardRun.counts.fixedRows', counters.fixedRows],
    ['excluded-rows', 'wizardRun.counts.excludedRows', counters.excludedRows],
    ['imported', 'wizardRun.result.imported', counters.imported],
    ['not-imported', 'wizardRun.result.notImported', counters.notImported],
    ['skipped', 'wizardRun.result.skipped', counters.skipped],
    ['inserted', 'wizardRun.result.inserted', counters.inserted],
    ['updated', 'wizardRun.result.updated', counters.updated],
    ['merged', 'wizardRun.result.merged', counters.merged],
    ['deleted', 'wizardRun.result.deleted', counters.deleted],
    ['unchanged', 'wizardRun.result.unchanged', counters.unchanged],
  ] as const).map(([id, key, value]) => ({ id, label: t(key), value }));
  const step = stepPageOf(job);

  return (
    <>
      <p><Link href="/imports">{t('wizardRun.job.backToImports')}</Link></p>
      <h1>{job.description ? t('wizardRun.job.titleWith', { description: job.description }) : t('wizardRun.job.title')}</h1>
      <JobProblem job={job} />
      <JobFacts job={job} details={details} />
      {isValidating(job) && <ValidationProgress key={`${job.status}-${job.step}`} initial={job} />}
      {isImporting(job) && <ImportProgress key={`${job.status}-${job.step}`} initial={job} />}
      {isFixing(job) && <FixingProgress key={`${job.status}-${job.step}`} initial={job} />}
      <JobActions
        jobId={job.id}
        canContinue={can.continue.allowed && isValidated(job)}
        canCancel={can.cancel.allowed && isCancellable(job)}
        canRetry={can.retry.allowed && retriable}
        continueNeeds={isValidated(job) ? can.continue.missing : undefined}
        retryNeeds={retriable ? can.retry.missing : undefined}
        cancelWhile={job.step === 'importing' ? 'import' : 'validation'}
      />
      <h2>{t('wizardRun.job.counters')}</h2>
      <CountList counts={counts} />
      <ul className="plain-list run-links">
        <li>
          <Link href={step === 'import' ? wizardRoutes.import(job.id) : wizardRoutes.validation(job.id)}>
            {step === 'import' ? t('wizardRun.job.openImportStep') : t('wizardRun.job.openValidationStep')}
          </Link>
        </li>
      </ul>
      {isInWorkbench(job) && <ProjectionSection jobId={job.id} />}
      <JobFixes jobId={job.id} page={pageFromParam(query.fixes)} />
      {counters.rowsInFile > 0 && <ValidationLog jobId={job.id} code={asCode(query.code)} severity={severityFromParam(query.severity)} page={pageFromParam(query.errors)} pagePath={wizardRoutes.job(job.id)} />}
      <RevertSection job={job} revertedByName={details.revertedByName} can={can.revert}
        conflictPage={pageFromParam(query.conflicts)} />
      <JobChanges jobId={job.id} page={pageFromParam(query.page)} action={asAction(query.action)} />
    </>
  );
}
