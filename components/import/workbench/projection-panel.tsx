'use client';

import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVisiblePolling } from '@/components/ui/use-visible-polling';
import { ProgressBar } from '@/components/import/wizard/run/progress-bar';
import { getJobProjectionAction } from '@/app/(app)/imports/jobs/[jobId]/workbench-actions';
import type { ProjectionView } from './types';

type CountKey = keyof ProjectionView['counts'];

/** The order of the counts: a load type that deletes shows its deletions first. */
function countOrder(loadType: ProjectionView['loadType']): CountKey[] {
  const rest: CountKey[] = ['inserted', 'updated', 'merged', 'unchanged', 'skipped', 'failed'];
  if (loadType === 'dropAndInsert') return ['dropped', 'deleted', ...rest];
  if (loadType === 'deleteListed') return ['deleted', ...rest];
  return [...rest, 'deleted'];
}

/** Worked out again soon: not computed yet, running, or older than the last fix. */
const unsettled = (p: ProjectionView, fixVersion: number) =>
  p.status === 'none' || p.status === 'running' || p.stale || p.fixVersion < fixVersion;

/**
 * What the import will do (decision 008): the counts of the dry run over the file with its
 * fixes, and a sample of each kind of change; read again while it is being worked out.
 */
export function ProjectionPanel({ jobId, fixVersion, initial }: { jobId: string; fixVersion: number; initial: ProjectionView | null }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const [projection, setProjection] = useState<ProjectionView | null>(initial);
  const polling = !projection || unsettled(projection, fixVersion);

  const read = useCallback(async () => {
    const result = await getJobProjectionAction({ jobId });
    if (!result.ok) return result.status !== 401 && result.status !== 403 && result.status !== 404;
    setProjection(result.data);
    return unsettled(result.data, fixVersion);
  }, [jobId, fixVersion]);
  useVisiblePolling(read, 1500, polling);

  const p = projection;
  const shown = (value: string | null) => value ?? t('reports.changes.emptyValue');
  return (
    <section aria-labelledby="projection-title" className="projection" aria-busy={polling || undefined}>
      <h3 id="projection-title">{t('workbench.projection.title')}</h3>
      {!p || p.status === 'none' ? <p role="status">{t('workbench.projection.none')}</p> : (
        <>
          {p.status === 'failed' && <p role="alert" className="form-error">{t('workbench.projection.failed', { code: p.errorCode ?? '' })}</p>}
          {p.status === 'running' && (
            <ProgressBar label={t('workbench.projection.progressLabel')} done={p.progress.done} total={p.progress.total} />
          )}
          <p role="status" className="muted">
            {p.stale || p.fixVersion < fixVersion ? t('workbench.projection.stale')
              : p.status === 'running' ? t('workbench.projection.running')
              : p.status === 'done' ? t('workbench.projection.done') : ''}
          </p>
          {p.status !== 'failed' && (
            <dl className="details run-counts" aria-label={t('workbench.projection.countsLabel')}>
              {countOrder(p.loadType).filter((key) => key !== 'dropped' || p.loadType === 'dropAndInsert').map((key) => (
                <div key={key} className="run-count">
                  <dt id={`projection-count-${key}`}>{t(`workbench.projection.counts.${key}`)}</dt>
                  <dd aria-labelledby={`projection-count-${key}`}>{number.format(p.counts[key])}</dd>
                </div>
              ))}
            </dl>
          )}
          {p.status === 'done' && (
            <details className="projection-samples">
              <summary>{t('workbench.projection.samples')}</summary>
              {p.loadType !== 'upsert' && <Deletions p={p} />}
              {p.samples.created.length > 0 && (
                <>
                  <h4>{t('workbench.projection.counts.inserted')}</h4>
                  <ul>{p.samples.created.map((s, i) => <li key={i}>{lineText(t, s.line)}{s.name}{s.email ? ` (${s.email})` : ''}</li>)}</ul>
                </>
              )}
              {p.samples.updated.length > 0 && (
                <>
                  <h4>{t('workbench.projection.counts.updated')}</h4>
                  <ul>
                    {p.samples.updated.map((s) => (
                      <li key={s.contactId}>
                        {lineText(t, s.line)}{s.name}
                        <ul>
                          {s.changes.map((c) => (
                            <li key={c.field} className="break-all">
                              {t('wizardRun.changes.change', { field: c.field, before: shown(c.before), after: shown(c.after) })}
                            </li>
                          ))}
                        </ul>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {p.samples.merged.length > 0 && (
                <>
                  <h4>{t('workbench.projection.counts.merged')}</h4>
                  <ul>
                    {p.samples.merged.map((s) => (
                      <li key={s.survivor.contactId}>
                        {lineText(t, s.line)}
                        {t('workbench.projection.mergeJoins', { survivor: s.survivor.name, absorbed: s.absorbed.map((a) => a.name).join(', ') })}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {p.loadType === 'upsert' && <Deletions p={p} />}
            </details>
          )}
        </>
      )}
    </section>
  );
}

function lineText(t: (key: string, params?: Record<string, unknown>) => string, line: number | null): string {
  return line === null ? '' : `${t('workbench.projection.line', { line })} `;
}

function Deletions({ p }: { p: ProjectionView }) {
  const { t } = useTranslation();
  const groups = [['dropped', p.samples.dropped], ['deleted', p.samples.deleted]] as const;
  return groups.filter(([, samples]) => samples.length > 0).map(([key, samples]) => (
    <div key={key}>
      <h4>{t(`workbench.projection.counts.${key}`)}</h4>
      <ul>{samples.map((s, i) => <li key={i}>{lineText(t, s.line)}{s.name}{s.email ? ` (${s.email})` : ''}</li>)}</ul>
    </div>
  ));
}
