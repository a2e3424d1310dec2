'use client';

import { useEffect, useId, useState } from 'react';
import type { UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Message } from '@/lib/actions/result';
import { LOAD_TYPES } from '@/lib/import-profiles/schemas';
import type { WizardSettingsInput } from '@/lib/import/wizard/schemas';
import { countWizardDropContactsAction } from '@/app/(app)/imports/new/[uploadId]/actions';

interface Props {
  register: UseFormRegister<WizardSettingsInput>;
  loadType: string;
  source: { id: string; name: string } | undefined;
  division: { id: string; name: string } | undefined;
  /** i18n keys of the fields' errors. */
  errors: { loadType?: string; confirmDrop?: string };
}

type Count = { state: 'idle' } | { state: 'loading' } | { state: 'done'; count: number } | { state: 'failed'; error: Message };

/**
 * "Load type" in plain words. Drop and insert deletes contacts before inserting: the number it
 * will delete (the source's live contacts in the division) is shown, and must be confirmed.
 */
export function LoadTypeField({ register, loadType, source, division, errors }: Props) {
  const { t } = useTranslation();
  const baseId = useId();
  const dropping = loadType === 'dropAndInsert';
  const [sourceId, divisionId] = [source?.id, division?.id];
  // The answer is kept with the source and division it counts, so a change of either shows
  // "loading" until its own answer comes, without resetting state inside the effect.
  const asked = dropping && sourceId && divisionId ? `${sourceId}/${divisionId}` : null;
  const [answer, setAnswer] = useState<{ asked: string; count: Count } | null>(null);

  useEffect(() => {
    if (!dropping || !sourceId || !divisionId) return;
    let live = true;
    countWizardDropContactsAction({ externalSourceId: sourceId, divisionId }).then((result) => {
      if (live) {
        setAnswer({
          asked: `${sourceId}/${divisionId}`,
          count: result.ok ? { state: 'done', count: result.data.count } : { state: 'failed', error: result.error },
        });
      }
    });
    return () => { live = false; };
  }, [dropping, sourceId, divisionId]);
  const count: Count = !asked ? { state: 'idle' } : answer?.asked === asked ? answer.count : { state: 'loading' };

  return (
    <fieldset className="field">
      <legend>{t('wizardSettings.loadType.label')}</legend>
      {LOAD_TYPES.map((type) => (
        <div key={type} className="radio-option">
          <input type="radio" id={`${baseId}-${type}`} value={type} aria-describedby={`${baseId}-${type}-hint`}
            {...register('loadType')} />
          <label htmlFor={`${baseId}-${type}`}>{t(`profiles.loadTypes.${type}`)}</label>
          <p id={`${baseId}-${type}-hint`} className="muted field-hint">{t(`wizardSettings.loadType.hints.${type}`)}</p>
        </div>
      ))}
      {errors.loadType && <p className="field-error">{t(errors.loadType)}</p>}
      {dropping && (
        <div className="notice drop-warning">
          <p aria-live="polite" aria-busy={count.state === 'loading'}>
            {!source || !division ? t('wizardSettings.loadType.chooseSourceFirst')
              : count.state === 'done' ? t('wizardSettings.loadType.dropCount', { count: count.count, source: source.name, division: division.name })
                : count.state === 'failed' ? t(count.error.key, count.error.params)
                  : t('common.loading')}
          </p>
          <label className="checkbox-label">
            <input type="checkbox" aria-invalid={!!errors.confirmDrop}
              aria-describedby={errors.confirmDrop ? `${baseId}-confirm-error` : undefined} {...register('confirmDrop')} />
            {t('wizardSettings.loadType.confirmDrop')}
          </label>
          {errors.confirmDrop && <p id={`${baseId}-confirm-error`} className="field-error">{t(errors.confirmDrop)}</p>}
        </div>
      )}
    </fieldset>
  );
}
