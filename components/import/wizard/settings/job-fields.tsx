'use client';

import type { UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { WizardSettingsData } from '@/lib/import/wizard/operations';
import { JOB_DESCRIPTION_MAX } from '@/lib/import/jobs/schemas';
import type { WizardSettingsInput } from '@/lib/import/wizard/schemas';

interface Props {
  register: UseFormRegister<WizardSettingsInput>;
  data: WizardSettingsData;
  /** i18n keys of the fields' errors. */
  errors: Partial<Record<'divisionId' | 'description' | 'onBehalfOf' | 'defaultCountry', string>>;
}

function FieldError({ id, error, params }: { id: string; error?: string; params?: Record<string, number> }) {
  const { t } = useTranslation();
  return error ? <p id={`${id}-error`} className="field-error">{t(error, params)}</p> : null;
}

/** Where and for whom the job runs, and how cells read: division, description, on behalf of, phones, empty cells. */
export function JobFields({ register, data, errors }: Props) {
  const { t } = useTranslation();
  const aria = (id: string, error?: string, hint = false) => ({
    'aria-invalid': !!error,
    'aria-describedby': [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  return (
    <section className="wizard-section">
      <h2 id="wizard-job-title">{t('wizardSettings.sections.job')}</h2>
      <div className="field">
        <label htmlFor="wizard-division">{t('wizardSettings.division')}</label>
        <select id="wizard-division" {...aria('wizard-division', errors.divisionId)} {...register('divisionId')}>
          {data.divisions.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
        <FieldError id="wizard-division" error={errors.divisionId} />
      </div>
      <div className="field">
        <label htmlFor="wizard-description">{t('wizardSettings.description.label')}</label>
        <input id="wizard-description" type="text" maxLength={JOB_DESCRIPTION_MAX}
          {...aria('wizard-description', errors.description, true)} {...register('description')} />
        <p id="wizard-description-hint" className="muted field-hint">{t('wizardSettings.description.hint')}</p>
        <FieldError id="wizard-description" error={errors.description} params={{ max: JOB_DESCRIPTION_MAX }} />
      </div>
      {data.can.actOnBehalf && (
        <div className="field">
          <label htmlFor="wizard-on-behalf">{t('wizardSettings.onBehalfOf.label')}</label>
          <select id="wizard-on-behalf" {...aria('wizard-on-behalf', errors.onBehalfOf, true)} {...register('onBehalfOf')}>
            <option value="">{t('wizardSettings.onBehalfOf.self')}</option>
            {data.users.map((u) => <option key={u.id} value={u.id}>{`${u.name} (${u.email})`}</option>)}
          </select>
          <p id="wizard-on-behalf-hint" className="muted field-hint">{t('wizardSettings.onBehalfOf.hint')}</p>
          <FieldError id="wizard-on-behalf" error={errors.onBehalfOf} />
        </div>
      )}
      <div className="field">
        <label htmlFor="wizard-country">{t('wizardSettings.defaultCountry.label')}</label>
        <input id="wizard-country" type="text" maxLength={2} autoComplete="off" className="input-short"
          {...aria('wizard-country', errors.defaultCountry, true)} {...register('defaultCountry')} />
        <p id="wizard-country-hint" className="muted field-hint">{t('wizardSettings.defaultCountry.hint')}</p>
        <FieldError id="wizard-country" error={errors.defaultCountry} />
      </div>
      <div className="field">
        <label className="checkbox-label">
          <input type="checkbox" aria-describedby="wizard-empty-hint" {...register('emptyCellsClear')} />
          {t('wizardSettings.emptyCellsClear.label')}
        </label>
        <p id="wizard-empty-hint" className="muted field-hint">{t('wizardSettings.emptyCellsClear.hint')}</p>
      </div>
    </section>
  );
}
