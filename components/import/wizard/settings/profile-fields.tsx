'use client';

import type { UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { WizardSettingsData } from '@/lib/import/wizard/operations';
import { NEW_PROFILE, type WizardSettingsInput } from '@/lib/import/wizard/schemas';

interface Props {
  register: UseFormRegister<WizardSettingsInput>;
  data: WizardSettingsData;
  profileId: string;
  onChoose(profileId: string): void;
  /** i18n keys of the fields' errors. */
  errors: { profileId?: string; profileName?: string };
}

/**
 * "Import profile": a saved profile (the form takes every setting from it) or "Create new import
 * setting" with its name. A chosen profile is saved only when asked, by those who may edit it.
 */
export function ProfileFields({ register, data, profileId, onChoose, errors }: Props) {
  const { t } = useTranslation();
  const isNew = profileId === NEW_PROFILE;
  const describedBy = (id: string, error?: string) => (error ? `${id}-error` : undefined);
  return (
    <section className="wizard-section">
      <h2 id="wizard-profile-title">{t('wizardSettings.sections.profile')}</h2>
      <div className="field">
        <label htmlFor="wizard-profile">{t('wizardSettings.profile.label')}</label>
        <select id="wizard-profile" aria-invalid={!!errors.profileId} aria-describedby={describedBy('wizard-profile', errors.profileId)}
          {...register('profileId', { onChange: (event) => onChoose(event.target.value) })}>
          {data.can.addProfile && <option value={NEW_PROFILE}>{t('wizardSettings.profile.createNew')}</option>}
          {data.profiles.map((profile) => <option key={profile.id} value={profile.id}>{profile.name}</option>)}
        </select>
        {errors.profileId && <p id="wizard-profile-error" className="field-error">{t(errors.profileId)}</p>}
        {!data.can.addProfile && data.profiles.length === 0 && (
          <p role="alert" className="form-error">{t('wizardSettings.profile.noneAvailable')}</p>
        )}
      </div>
      {isNew ? (
        <div className="field">
          <label htmlFor="wizard-profile-name">{t('wizardSettings.profile.name')}</label>
          <input id="wizard-profile-name" type="text" autoComplete="off" aria-invalid={!!errors.profileName}
            aria-describedby={describedBy('wizard-profile-name', errors.profileName)} {...register('profileName')} />
          {errors.profileName && <p id="wizard-profile-name-error" className="field-error">{t(errors.profileName, { max: 200 })}</p>}
        </div>
      ) : data.can.editProfile && (
        <label className="checkbox-label">
          <input type="checkbox" {...register('saveProfile')} />
          {t('wizardSettings.profile.saveChanges')}
        </label>
      )}
      {!isNew && <p className="muted field-hint">{t('wizardSettings.profile.onScreenHint')}</p>}
    </section>
  );
}
