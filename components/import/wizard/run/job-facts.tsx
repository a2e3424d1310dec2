import type { ReactNode } from 'react';
import type { JobDetailsRow } from '@/db/queries/job-reports';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';

const LOAD_TYPES = new Set(['upsert', 'dropAndInsert', 'deleteListed']);
const MERGE_MODES = new Set(['updateFirst', 'mergeAll']);
const IDENTIFIERS = new Set(['externalId', 'workEmail', 'personalEmail', 'otherEmail', 'workPhone', 'cellPhone', 'homePhone', 'otherPhone']);

/** The job's own fields: who, what, when, and the settings it ran with. */
export async function JobFacts({ job, details }: { job: ImportJobView; details: JobDetailsRow }) {
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const date = (value: Date | null) => value && <time dateTime={value.toISOString()}>{dateFormat.format(value)}</time>;
  const status = job.status === 'running' && job.step
    ? t('imports.statusWithStep', { status: t(`imports.status.${job.status}`), step: t(`imports.step.${job.step}`) })
    : t(`imports.status.${job.status}`);
  const rows: [string, ReactNode][] = [
    [t('wizardRun.job.transactionId'), <code key="id">{job.id}</code>],
    [t('imports.columns.description'), job.description || <span className="muted">{t('imports.noDescription')}</span>],
    [t('imports.columns.file'), job.fileDeletedAt ? (
      <>
        {job.fileName} <span className="muted" data-testid="job-file-gone">
          {t('jobs.fileGone', { date: dateFormat.format(job.fileDeletedAt) })}
        </span>
      </>
    ) : job.fileName],
    [t('imports.columns.status'), status],
    [t('wizardRun.job.profile'), details.profileName],
    [t('profiles.columns.externalSource'), details.sourceName],
    [t('profiles.columns.loadType'), details.loadType && LOAD_TYPES.has(details.loadType)
      ? t(`profiles.loadTypes.${details.loadType}`) : details.loadType],
    [t('profiles.columns.mergeMode'), details.mergeMode && MERGE_MODES.has(details.mergeMode)
      ? t(`profiles.mergeModes.${details.mergeMode}`) : details.mergeMode],
    // Shown when the job skips a kind of row (create-only, update-only): the counters then show skipped rows.
    ...(['unmatchedRows', 'matchedRows'] as const)
      .filter((kind) => details[kind] === 'skip')
      .map((kind): [string, ReactNode] => [t(`profiles.rowActions.${kind}.label`), t(`profiles.rowActions.${kind}.skip`)]),
    [t('profiles.columns.matchBy'), details.matchBy.length > 0 && (
      <ol className="inline-list">
        {details.matchBy.map((id) => <li key={id}>{IDENTIFIERS.has(id) ? t(`profiles.identifiers.${id}`) : id}</li>)}
      </ol>
    )],
    [t('common.division'), details.divisionName],
    [t('imports.columns.requestedBy'), details.requestedByName],
    [t('wizardRun.job.onBehalfOf'), details.onBehalfOfName],
    [t('imports.columns.created'), date(job.createdAt)],
    [t('wizardRun.job.started'), date(job.startedAt)],
    [t('wizardRun.job.finished'), date(job.finishedAt)],
  ];
  return (
    <dl className="details">
      {rows.map(([term, value], index) => (value === null || value === undefined || value === '' || value === false ? null : (
        <div key={term} className="run-fact">
          <dt id={`job-fact-${index}`}>{term}</dt>
          <dd aria-labelledby={`job-fact-${index}`}>{value}</dd>
        </div>
      )))}
    </dl>
  );
}
