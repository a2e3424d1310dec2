'use client';

import { useEffect, useId, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Message } from '@/lib/actions/result';
import { previewBulkFixAction, startBulkFixAction } from '@/app/(app)/imports/jobs/[jobId]/workbench-actions';
import { errorCodeName } from './row-messages';
import type { FixAction, FixFilter, FixState } from './types';

const KINDS = ['setValue', 'replace', 'trim', 'changeCase', 'exclude', 'include'] as const;
type Kind = (typeof KINDS)[number];
const CASES = ['upper', 'lower', 'title'] as const;
const STATES: FixState[] = ['invalid', 'fixed', 'excluded', 'all'];

interface Draft {
  code: string; column: string; state: FixState;
  kind: Kind; target: string; value: string; find: string; replace: string; to: (typeof CASES)[number];
}

function toRequest(draft: Draft): { filter: FixFilter; action: FixAction } | null {
  const filter: FixFilter = { state: draft.state, ...(draft.code ? { code: draft.code } : {}), ...(draft.column ? { column: draft.column } : {}) };
  const column = draft.target;
  switch (draft.kind) {
    case 'exclude': return { filter, action: { kind: 'exclude' } };
    case 'include': return { filter, action: { kind: 'include' } };
    case 'setValue': return column ? { filter, action: { kind: 'setValue', column, value: draft.value } } : null;
    case 'replace': return column && draft.find ? { filter, action: { kind: 'replace', column, find: draft.find, replace: draft.replace } } : null;
    case 'trim': return column ? { filter, action: { kind: 'trim', column } } : null;
    case 'changeCase': return column ? { filter, action: { kind: 'changeCase', column, to: draft.to } } : null;
  }
}

/**
 * A fix for many rows at once: which rows (error type, column, state), what to do, how many rows
 * it will change (asked of the server as the choices change), then Apply. The job goes to its
 * fixing step; the page follows it and reads the rows again when it is done.
 */
export function BulkFixPanel({ jobId, headers, codes, errorColumn, disabled }: {
  jobId: string; headers: string[]; codes: { code: string; count: number }[];
  /** The column the action applies to at first: the one with errors, not the file's first. */
  errorColumn?: string; disabled: boolean;
}) {
  const { t, i18n } = useTranslation();
  const router = useRouter();
  const id = useId();
  // A choice made before hydration would be set back by React, unseen: the fields wait for it.
  const hydrated = useHydrated();
  const number = new Intl.NumberFormat(i18n.language);
  const [draft, setDraft] = useState<Draft>({
    code: '', column: '', state: 'invalid', kind: 'setValue', target: errorColumn ?? headers[0] ?? '', value: '', find: '', replace: '', to: 'lower',
  });
  const [preview, setPreview] = useState<{ key: string; rows: number } | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [pending, startTransition] = useTransition();
  const request = toRequest(draft);
  const requestKey = JSON.stringify(request);

  // How many rows the fix will change, asked again a moment after the choices stop changing.
  useEffect(() => {
    if (!request || disabled) return;
    let stale = false;
    const timer = setTimeout(async () => {
      const result = await previewBulkFixAction({ jobId, ...request });
      if (stale) return;
      if (result.ok) setPreview({ key: requestKey, rows: result.data.rows });
      else setError(result.error);
    }, 300);
    return () => { stale = true; clearTimeout(timer); };
    // requestKey stands for request: the object is new at every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId, requestKey, disabled]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setError(null);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const current = preview && preview.key === requestKey ? preview.rows : null;
  const needsColumn = draft.kind !== 'exclude' && draft.kind !== 'include';

  const apply = () => {
    if (!request) return;
    setError(null);
    startTransition(async () => {
      const result = await startBulkFixAction({ jobId, ...request });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      router.refresh();
    });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="bulk-fix">
      <h3 id={`${id}-title`}>{t('workbench.bulk.title')}</h3>
      <fieldset disabled={!hydrated}>
        <legend>{t('workbench.bulk.which')}</legend>
        <div className="toolbar">
          <div className="field">
            <label htmlFor={`${id}-code`}>{t('workbench.filters.code')}</label>
            <select id={`${id}-code`} value={draft.code} onChange={(e) => set('code', e.target.value)}>
              <option value="">{t('workbench.filters.anyCode')}</option>
              {codes.map((c) => <option key={c.code} value={c.code}>{`${errorCodeName(c.code, t)} (${number.format(c.count)})`}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-column`}>{t('workbench.filters.column')}</label>
            <select id={`${id}-column`} value={draft.column} onChange={(e) => set('column', e.target.value)}>
              <option value="">{t('workbench.filters.anyColumn')}</option>
              {headers.map((h) => <option key={h} value={h}>{h}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-state`}>{t('workbench.filters.state')}</label>
            <select id={`${id}-state`} value={draft.state} onChange={(e) => set('state', e.target.value as FixState)}>
              {STATES.map((s) => <option key={s} value={s}>{t(`workbench.filters.states.${s}`)}</option>)}
            </select>
          </div>
        </div>
      </fieldset>
      <fieldset disabled={!hydrated}>
        <legend>{t('workbench.bulk.what')}</legend>
        <div className="toolbar">
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('workbench.bulk.action')}</label>
            <select id={`${id}-kind`} value={draft.kind} onChange={(e) => set('kind', e.target.value as Kind)}>
              {KINDS.map((k) => <option key={k} value={k}>{t(`workbench.bulk.kinds.${k}`)}</option>)}
            </select>
          </div>
          {needsColumn && (
            <div className="field">
              <label htmlFor={`${id}-target`}>{t('workbench.bulk.target')}</label>
              <select id={`${id}-target`} value={draft.target} onChange={(e) => set('target', e.target.value)}>
                {headers.map((h) => <option key={h} value={h}>{h}</option>)}
              </select>
            </div>
          )}
          {draft.kind === 'setValue' && (
            <div className="field">
              <label htmlFor={`${id}-value`}>{t('workbench.bulk.value')}</label>
              <input id={`${id}-value`} value={draft.value} maxLength={2000} onChange={(e) => set('value', e.target.value)} />
            </div>
          )}
          {draft.kind === 'replace' && (
            <>
              <div className="field">
                <label htmlFor={`${id}-find`}>{t('workbench.bulk.find')}</label>
                <input id={`${id}-find`} value={draft.find} maxLength={2000} onChange={(e) => set('find', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-replace`}>{t('workbench.bulk.replaceWith')}</label>
                <input id={`${id}-replace`} value={draft.replace} maxLength={2000} onChange={(e) => set('replace', e.target.value)} />
              </div>
            </>
          )}
          {draft.kind === 'changeCase' && (
            <div className="field">
              <label htmlFor={`${id}-case`}>{t('workbench.bulk.case')}</label>
              <select id={`${id}-case`} value={draft.to} onChange={(e) => set('to', e.target.value as Draft['to'])}>
                {CASES.map((c) => <option key={c} value={c}>{t(`workbench.bulk.cases.${c}`)}</option>)}
              </select>
            </div>
          )}
        </div>
      </fieldset>
      <p role="status" id={`${id}-preview`}>
        {!request ? t('workbench.bulk.incomplete')
          : current === null ? t('workbench.bulk.counting')
          : t('workbench.bulk.willChange', { count: current, formatted: number.format(current) })}
      </p>
      <button type="button" className="button primary" aria-describedby={`${id}-preview`}
        disabled={disabled || pending || !request || !current} onClick={apply}>
        {t('workbench.bulk.apply')}
      </button>
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
    </section>
  );
}
