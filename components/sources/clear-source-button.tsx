'use client';

import { useId, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { Message } from '@/lib/actions/result';
import { clearSourceAction, countSourceContactsAction } from '@/app/(app)/external-sources/actions';

export interface SourceDivisionCount {
  divisionId: string;
  divisionName: string;
  count: number;
}

interface ClearSourceButtonProps {
  source: { id: string; name: string };
  /** The divisions where the caller may delete contacts, with the source's live contacts there. */
  divisions: SourceDivisionCount[];
}

/** "Clear contacts": soft-deletes the source's contacts of one division, after a dialog naming how many. */
export function ClearSourceButton({ source, divisions }: ClearSourceButtonProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const selectId = useId();
  const [counts, setCounts] = useState(divisions);
  const [divisionId, setDivisionId] = useState(divisions[0]?.divisionId ?? '');
  const [error, setError] = useState<Message | null>(null);
  const [deleted, setDeleted] = useState<number | null>(null);
  const [pending, startTransition] = useTransition();
  const selected = counts.find((d) => d.divisionId === divisionId) ?? counts[0];
  if (!selected) return null;

  const fail = (message: Message) => {
    dialogRef.current?.close();
    setError(message);
  };

  const open = () => {
    setError(null);
    setDeleted(null);
    dialogRef.current?.showModal();
    // The page may be old: the dialog must name the number that will really be deleted.
    startTransition(async () => {
      const result = await countSourceContactsAction({ sourceId: source.id });
      if (result.ok) setCounts(result.data);
      else fail(result.error);
    });
  };

  const clear = () => startTransition(async () => {
    const result = await clearSourceAction({ sourceId: source.id, divisionId: selected.divisionId, confirm: true });
    if (!result.ok) return fail(result.error);
    dialogRef.current?.close();
    setDeleted(result.data.deleted);
    setCounts((all) => all.map((d) => (d.divisionId === selected.divisionId ? { ...d, count: 0 } : d)));
    router.refresh();
  });

  const names = { name: source.name, division: selected.divisionName, count: selected.count };
  return (
    <section className="danger-zone" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('sources.clear.heading')}</h2>
      <p className="muted">{t('sources.clear.hint')}</p>
      <button type="button" className="button danger" disabled={pending} onClick={open}>
        {t('sources.clear.button')}
      </button>
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
      {deleted !== null && <p role="status" className="form-success">{t('sources.clear.done', { count: deleted })}</p>}
      <ConfirmDialog dialogRef={dialogRef} title={t('sources.clear.title', { name: source.name })}
        confirmLabel={t('sources.clear.submit', { count: selected.count })} cancelLabel={t('common.cancel')}
        pending={pending} confirmDisabled={selected.count === 0} onConfirm={clear}>
        {counts.length > 1 && (
          <div className="field">
            <label htmlFor={selectId}>{t('common.division')}</label>
            <select id={selectId} value={selected.divisionId} disabled={pending}
              onChange={(event) => setDivisionId(event.target.value)}>
              {counts.map((d) => <option key={d.divisionId} value={d.divisionId}>{d.divisionName}</option>)}
            </select>
          </div>
        )}
        <p aria-live="polite" aria-busy={pending}>
          {selected.count > 0 ? t('sources.clear.confirm', names) : t('sources.clear.nothing', names)}
        </p>
      </ConfirmDialog>
    </section>
  );
}
