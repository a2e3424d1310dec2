import Link from 'next/link';
import type { Message } from '@/lib/actions/result';
import { getServerT } from '@/app/_server/i18n';
import { JOB_STATUSES, JOB_STEPS } from '@/lib/import/jobs/list-schemas';
import { listHref, type ListParam, type ListParams } from './list-params';
import { ReadySubmitButton } from '@/components/ui/ready-submit-button';
import { TimeZoneField } from './time-zone-field';

interface JobFiltersProps {
  values: ListParams;
  /** The schema's messages per field, when the URL's filters did not parse. */
  errors?: Record<string, Message[]>;
  /** The zone the days are read in and the dates shown. */
  timeZone: string;
  showClear: boolean;
}

/** The Imports page's filters: a GET form, so the URL keeps them and a new search starts at page 1. */
export async function JobFilters({ values, errors = {}, timeZone, showClear }: JobFiltersProps) {
  const t = await getServerT();
  const id = (name: ListParam) => `job-filter-${name}`;
  const hasError = (name: ListParam) => Boolean(errors[name]?.length);
  /** aria-invalid and the texts describing the field: its error, and for the days the time zone. */
  const described = (name: ListParam, hint?: string) => {
    const ids = [hasError(name) ? `${id(name)}-error` : undefined, hint].filter(Boolean).join(' ');
    return { ...(hasError(name) ? { 'aria-invalid': true } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
  };
  const errorOf = (name: ListParam) => hasError(name) ? (
    <p id={`${id(name)}-error`} className="field-error">{t(errors[name][0].key, errors[name][0].params)}</p>
  ) : null;
  const timeZoneHint = id('timeZone');

  return (
    <form role="search" aria-label={t('importsList.filters.label')} action="/imports" className="job-filters">
      <div className="toolbar">
        <div className="field">
          <label htmlFor={id('description')}>{t('importsList.filters.description')}</label>
          <input id={id('description')} name="description" type="search" maxLength={200} defaultValue={values.description} {...described('description')} />
          {errorOf('description')}
        </div>
        <div className="field">
          <label htmlFor={id('status')}>{t('importsList.filters.status')}</label>
          <select id={id('status')} name="status" defaultValue={values.status ?? ''} {...described('status')}>
            <option value="">{t('importsList.filters.anyStatus')}</option>
            {JOB_STATUSES.map((status) => <option key={status} value={status}>{t(`imports.status.${status}`)}</option>)}
          </select>
          {errorOf('status')}
        </div>
        <div className="field">
          <label htmlFor={id('step')}>{t('importsList.filters.step')}</label>
          <select id={id('step')} name="step" defaultValue={values.step ?? ''} {...described('step')}>
            <option value="">{t('importsList.filters.anyStep')}</option>
            {JOB_STEPS.map((step) => <option key={step} value={step}>{t(`imports.step.${step}`)}</option>)}
          </select>
          {errorOf('step')}
        </div>
        <div className="field">
          <label htmlFor={id('createdFrom')}>{t('importsList.filters.createdFrom')}</label>
          <input id={id('createdFrom')} name="createdFrom" type="date" defaultValue={values.createdFrom} {...described('createdFrom', timeZoneHint)} />
          {errorOf('createdFrom')}
        </div>
        <div className="field">
          <label htmlFor={id('createdTo')}>{t('importsList.filters.createdTo')}</label>
          <input id={id('createdTo')} name="createdTo" type="date" defaultValue={values.createdTo} {...described('createdTo', timeZoneHint)} />
          {errorOf('createdTo')}
        </div>
        <ReadySubmitButton className="button primary">{t('importsList.filters.apply')}</ReadySubmitButton>
        {showClear && <Link href={listHref({ timeZone: values.timeZone })} className="button">{t('importsList.filters.clear')}</Link>}
      </div>
      <TimeZoneField initial={timeZone} hintId={timeZoneHint} />
      {errorOf('timeZone')}
    </form>
  );
}
