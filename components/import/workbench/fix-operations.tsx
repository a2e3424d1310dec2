'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Message } from '@/lib/actions/result';
import { undoFixOperationAction } from '@/app/(app)/imports/jobs/[jobId]/workbench-actions';
import type { FixOperationView } from './types';
import { TableFrame } from '@/components/ui/table-frame';

/**
 * The fixes made to the job, newest first, each with Undo while the import has not started:
 * an undo is queued like a bulk fix, the page follows the job's fixing step.
 */
export function FixOperations({ jobId, operations, canUndo }: { jobId: string; operations: FixOperationView[]; canUndo: boolean }) {
  const { t, i18n } = useTranslation();
  const router = useRouter();
  const [error, setError] = useState<Message | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const number = new Intl.NumberFormat(i18n.language);

  const undo = (operationId: string) => {
    setError(null);
    startTransition(async () => {
      const result = await undoFixOperationAction({ jobId, operationId });
      if (!result.ok) setError(result.error);
      router.refresh();
    });
  };

  return (
    <section aria-labelledby="fix-operations-title">
      <h3 id="fix-operations-title">{t('workbench.operations.title')}</h3>
      {operations.length === 0 ? <p>{t('workbench.operations.empty')}</p> : (
        <TableFrame labelledBy="fix-operations-title" caption={t('workbench.operations.title')}>
          <thead>
            <tr>
              <th scope="col" className="sticky-col">{t('workbench.operations.when')}</th>
              <th scope="col">{t('workbench.operations.what')}</th>
              <th scope="col">{t('workbench.operations.who')}</th>
              <th scope="col" className="numeric">{t('workbench.operations.rows')}</th>
              <th scope="col">{t('workbench.operations.status')}</th>
              <th scope="col"><span className="visually-hidden">{t('workbench.operations.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {operations.map((op) => (
              <tr key={op.id}>
                <th scope="row" className="sticky-col">{date.format(new Date(op.createdAt))}</th>
                <td>{t(`workbench.operations.kinds.${op.kind}`, { defaultValue: op.kind })}</td>
                <td>{op.actor?.name ?? t('workbench.operations.nobody')}</td>
                <td className="numeric">{number.format(op.changedRows)}</td>
                <td>
                  {op.undoneAt ? t('workbench.operations.undone')
                    : t(`workbench.operations.statuses.${op.status}`, { defaultValue: op.status })}
                </td>
                <td>
                  {canUndo && op.undoable && (
                    <button type="button" className="button small" disabled={!hydrated || pending} onClick={() => undo(op.id)}
                      aria-label={t('workbench.operations.undoLabel', {
                        what: t(`workbench.operations.kinds.${op.kind}`, { defaultValue: op.kind }),
                        when: date.format(new Date(op.createdAt)),
                      })}>
                      {t('workbench.operations.undo')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </TableFrame>
      )}
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
    </section>
  );
}
