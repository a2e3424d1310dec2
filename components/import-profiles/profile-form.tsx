'use client';

import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Controller, useForm, type FieldErrors, type Path } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { MatchByField } from '@/components/import/wizard/settings/match-by-field';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Message } from '@/lib/actions/result';
import { profileRoutes } from '@/lib/import-profiles/routes';
import { TEXT_ENCODINGS } from '@/lib/import/upload/encoding/encodings';
import {
  LOAD_TYPES, MERGE_MODES, PROFILE_NAME_MAX, updateImportProfileSchema,
  type UpdateImportProfileInput, type UpdateImportProfileValues,
} from '@/lib/import-profiles/schemas';
import { updateImportProfileAction } from '@/app/(app)/import-profiles/actions';
import { AutomationUserField, type AutomationUserChoices } from './automation-user-field';
import { ChoiceField } from './choice-field';
import { ImportFieldsField } from './import-fields-field';
import { RowActionField } from './row-action-field';
import { NotifyEmailsField } from './notify-emails-field';

export interface ProfileFormChoices {
  sources: { id: string; name: string }[];
  divisions: { id: string; name: string }[];
  countries: { code: string; name: string }[];
}

interface ProfileFormProps extends ProfileFormChoices {
  values: UpdateImportProfileInput & { id: string };
  automation: AutomationUserChoices;
}

type Field = keyof UpdateImportProfileInput;
const FIELDS: readonly Field[] = ['name', 'externalSourceId', 'matchBy', 'mergeMode', 'loadType', 'unmatchedRows', 'matchedRows', 'importFields',
  'defaultCountry', 'emptyCellsClear', 'defaultDivisionId', 'encoding', 'automationUserId', 'notifyEmails'];

/** The message key of a field's error; for an array, its own message (not its items'). */
function errorKey(errors: FieldErrors<UpdateImportProfileInput>, field: Field): string | undefined {
  const error = errors[field] as { message?: string; root?: { message?: string } } | undefined;
  return error?.message ?? error?.root?.message;
}

/** Every setting of a saved profile; the remembered column mappings are kept as they are. */
export function ProfileForm({ values, sources, divisions, countries, automation }: ProfileFormProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const hydrated = useHydrated();
  const { control, register, handleSubmit, setError, formState: { errors, isSubmitting } } = useForm<
    UpdateImportProfileInput, unknown, UpdateImportProfileValues>({ resolver: zodResolver(updateImportProfileSchema), defaultValues: values });
  const error = (field: Field) => errorKey(errors, field);
  const aria = (id: string, field: Field, hint = false) => ({
    'aria-invalid': !!error(field),
    'aria-describedby': [hint ? `${id}-hint` : '', error(field) ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const fieldError = (id: string, field: Field) => (error(field)
    ? <p id={`${id}-error`} className="field-error">{t(error(field)!, { max: PROFILE_NAME_MAX })}</p> : null);

  const onSubmit = handleSubmit(async (submitted) => {
    setFormError(null);
    const result = await updateImportProfileAction(submitted);
    if (result.ok) {
      router.push(profileRoutes.view(values.id));
      return;
    }
    let placed = false;
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (!FIELDS.includes(field as Field) || !messages[0]) continue;
      setError(field as Path<UpdateImportProfileInput>, { type: 'server', message: messages[0].key }, { shouldFocus: !placed });
      placed = true;
    }
    setFormError(placed ? { key: 'wizardSettings.errors.fixFields' } : result.error);
  }, () => setFormError({ key: 'wizardSettings.errors.fixFields' }));

  return (
    <form onSubmit={onSubmit} noValidate className="form profile-form">
      {formError && <p role="alert" className="form-error">{t(formError.key, formError.params)}</p>}
      <div className="field">
        <label htmlFor="profile-name">{t('profilesPage.edit.name')}</label>
        <input id="profile-name" type="text" autoComplete="off" {...aria('profile-name', 'name')} {...register('name')} />
        {fieldError('profile-name', 'name')}
      </div>
      <div className="field">
        <label htmlFor="profile-source">{t('wizardSettings.source.label')}</label>
        <select id="profile-source" {...aria('profile-source', 'externalSourceId')} {...register('externalSourceId')}>
          <option value="">{t('wizardSettings.source.choose')}</option>
          {sources.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
        {fieldError('profile-source', 'externalSourceId')}
      </div>
      <Controller control={control} name="matchBy" render={({ field }) => (
        <MatchByField value={field.value ?? []} onChange={field.onChange} error={error('matchBy')} />
      )} />
      <Controller control={control} name="mergeMode" render={({ field }) => (
        <ChoiceField legend={t('profilesPage.edit.mergeMode')} value={field.value} onChange={field.onChange}
          error={error('mergeMode') && t(error('mergeMode')!)}
          choices={MERGE_MODES.map((mode) => ({
            value: mode, label: t(`profiles.mergeModes.${mode}`), hint: t(`profilesPage.mergeModeHints.${mode}`),
          }))} />
      )} />
      <Controller control={control} name="loadType" render={({ field }) => (
        <ChoiceField legend={t('wizardSettings.loadType.label')} value={field.value} onChange={field.onChange}
          error={error('loadType') && t(error('loadType')!)}
          choices={LOAD_TYPES.map((type) => ({
            value: type, label: t(`profiles.loadTypes.${type}`), hint: t(`wizardSettings.loadType.hints.${type}`),
          }))} />
      )} />
      {(['unmatchedRows', 'matchedRows'] as const).map((kind) => (
        <Controller key={kind} control={control} name={kind} render={({ field }) => (
          <RowActionField kind={kind} value={field.value} onChange={field.onChange} error={error(kind)} />
        )} />
      ))}
      <Controller control={control} name="importFields" render={({ field }) => (
        <ImportFieldsField value={field.value ?? []} onChange={field.onChange} error={error('importFields')} />
      )} />
      <div className="field">
        <label htmlFor="profile-country">{t('wizardSettings.defaultCountry.label')}</label>
        <select id="profile-country" {...aria('profile-country', 'defaultCountry', true)} {...register('defaultCountry')}>
          {countries.map((c) => <option key={c.code} value={c.code}>{`${c.name} (${c.code})`}</option>)}
        </select>
        <p id="profile-country-hint" className="muted field-hint">{t('profilesPage.view.defaultCountryHint')}</p>
        {fieldError('profile-country', 'defaultCountry')}
      </div>
      <Controller control={control} name="emptyCellsClear" render={({ field }) => (
        <ChoiceField legend={t('profilesPage.view.emptyCells')} value={field.value ? 'clear' : 'keep'}
          onChange={(choice) => field.onChange(choice === 'clear')}
          choices={(['keep', 'clear'] as const).map((rule) => ({
            value: rule, label: t(`profilesPage.emptyCellsRules.${rule}`), hint: t(`profilesPage.emptyCellsRules.${rule}Hint`),
          }))} />
      )} />
      <div className="field">
        <label htmlFor="profile-division">{t('profilesPage.edit.defaultDivision')}</label>
        <select id="profile-division" {...aria('profile-division', 'defaultDivisionId', true)}
          {...register('defaultDivisionId', { setValueAs: (value: string | null) => value || null })}>
          <option value="">{t('profilesPage.edit.noDivision')}</option>
          {divisions.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
        <p id="profile-division-hint" className="muted field-hint">{t('profilesPage.edit.defaultDivisionHint')}</p>
        {fieldError('profile-division', 'defaultDivisionId')}
      </div>
      <div className="field">
        <label htmlFor="profile-encoding">{t('profiles.encoding.label')}</label>
        <select id="profile-encoding" {...aria('profile-encoding', 'encoding', true)}
          {...register('encoding', { setValueAs: (value: string | null) => value || null })}>
          <option value="">{t('profiles.encoding.detect')}</option>
          {TEXT_ENCODINGS.map((encoding) => <option key={encoding} value={encoding}>{t(`encodings.${encoding}`)}</option>)}
        </select>
        <p id="profile-encoding-hint" className="muted field-hint">{t('profiles.encoding.hint')}</p>
        {fieldError('profile-encoding', 'encoding')}
      </div>
      <Controller control={control} name="automationUserId" render={({ field }) => (
        <AutomationUserField {...automation} value={field.value ?? null} onChange={field.onChange}
          error={error('automationUserId') && t(error('automationUserId')!)} />
      )} />
      <Controller control={control} name="notifyEmails" render={({ field }) => (
        <NotifyEmailsField value={field.value ?? []} onChange={field.onChange} errors={errors.notifyEmails} />
      )} />
      <div className="toolbar">
        <button type="submit" className="button primary" disabled={isSubmitting || !hydrated} aria-busy={isSubmitting}>
          {isSubmitting ? t('profilesPage.edit.saving') : t('common.save')}
        </button>
        <Link className="button" href={profileRoutes.view(values.id)}>{t('common.cancel')}</Link>
      </div>
    </form>
  );
}
