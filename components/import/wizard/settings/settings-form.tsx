'use client';

import { useEffect, useRef, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Controller, useForm, useWatch, type FieldErrors, type Path } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import type { Message } from '@/lib/actions/result';
import type { WizardSettingsData } from '@/lib/import/wizard/operations';
import { valuesFromProfile } from '@/lib/import/wizard/initial';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import {
  wizardSettingsSchema, type WizardSettingsInput, type WizardSettingsValues,
} from '@/lib/import/wizard/schemas';
import {
  previewWizardSettingsAction, saveWizardDraftAction, startWizardImportAction,
} from '@/app/(app)/imports/new/[uploadId]/actions';
import { RowActionField } from '@/components/import-profiles/row-action-field';
import { FieldMappingTable } from './field-mapping-table';
import { JobFields } from './job-fields';
import { LoadTypeField } from './load-type-field';
import { MatchByField } from './match-by-field';
import { PreviewTable } from './preview-table';
import { ProfileFields } from './profile-fields';
import { useDebouncedValue } from './use-debounced-value';

const SERVER_FIELDS: readonly Path<WizardSettingsInput>[] = [
  'profileId', 'profileName', 'externalSourceId', 'matchBy', 'mergeMode', 'loadType', 'confirmDrop', 'divisionId',
  'description', 'onBehalfOf', 'defaultCountry', 'fields', 'unmatchedRows', 'matchedRows',
];
const DEBOUNCE_MS = 400;

/** The message key of a field's error; for an array, its own message (not its items'). */
function errorKey(errors: FieldErrors<WizardSettingsInput>, field: keyof WizardSettingsInput): string | undefined {
  const error = errors[field] as { message?: string; root?: { message?: string } } | undefined;
  return error?.message ?? error?.root?.message;
}

/** Step 2 of the wizard: the import profile and the settings of this import, then Next. */
export function SettingsForm({ data }: { data: WizardSettingsData }) {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const [preview, setPreview] = useState(data.preview);
  const [previewState, setPreviewState] = useState<'idle' | 'pending' | 'failed'>('idle');
  const previewSeq = useRef(0);
  const form = useForm<WizardSettingsInput, unknown, WizardSettingsValues>({
    resolver: zodResolver(wizardSettingsSchema),
    defaultValues: data.values,
  });
  const { control, register, handleSubmit, getValues, reset, setError, formState: { errors, isSubmitting } } = form;
  const values = useWatch({ control }) as WizardSettingsInput;
  const { headers } = data.upload;
  const divisionIds = data.divisions.map((d) => d.id);

  // Every change is kept as the upload's draft, and the preview follows the mapping.
  const draftKey = useDebouncedValue(JSON.stringify(values), DEBOUNCE_MS);
  const previewKey = useDebouncedValue(
    JSON.stringify({ fields: values.fields, loadType: values.loadType, defaultCountry: values.defaultCountry }), DEBOUNCE_MS);
  const initialKeys = useRef({ draft: draftKey, preview: previewKey });

  useEffect(() => {
    if (draftKey === initialKeys.current.draft) return;
    const { uploadId: _uploadId, ...draft } = JSON.parse(draftKey) as WizardSettingsInput;
    void saveWizardDraftAction({ uploadId: data.upload.id, draft });
  }, [draftKey, data.upload.id]);

  useEffect(() => {
    if (previewKey === initialKeys.current.preview) return;
    const seq = ++previewSeq.current;
    setPreviewState('pending');
    previewWizardSettingsAction({ uploadId: data.upload.id, ...JSON.parse(previewKey) })
      .then((result) => {
        if (seq !== previewSeq.current) return;
        if (result.ok) setPreview(result.data);
        setPreviewState(result.ok ? 'idle' : 'failed');
      })
      .catch(() => { if (seq === previewSeq.current) setPreviewState('failed'); });
  }, [previewKey, data.upload.id]);

  const chooseProfile = (profileId: string) => {
    const profile = data.profiles.find((p) => p.id === profileId);
    if (!profile) return;
    const next = valuesFromProfile(getValues(), profile, headers, divisionIds);
    // A source deactivated since the profile was saved is not offered: the user picks another.
    if (!data.sources.some((s) => s.id === next.externalSourceId)) next.externalSourceId = '';
    reset(next);
  };

  const saveDraftNow = () => {
    const { uploadId: _uploadId, ...draft } = getValues();
    return saveWizardDraftAction({ uploadId: data.upload.id, draft });
  };

  const onSubmit = handleSubmit(async (submitted) => {
    setFormError(null);
    await saveDraftNow();
    const result = await startWizardImportAction(submitted);
    if (result.ok) {
      router.push(wizardRoutes.validation(result.data.id));
      return;
    }
    let placed = false;
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (!SERVER_FIELDS.includes(field as Path<WizardSettingsInput>) || !messages[0]) continue;
      setError(field as Path<WizardSettingsInput>, { type: 'server', message: messages[0].key }, { shouldFocus: !placed });
      placed = true;
    }
    setFormError(placed ? { key: 'wizardSettings.errors.fixFields' } : result.error);
  }, () => setFormError({ key: 'wizardSettings.errors.fixFields' }));

  const source = data.sources.find((s) => s.id === values.externalSourceId);
  const division = data.divisions.find((d) => d.id === values.divisionId);

  return (
    <form onSubmit={onSubmit} noValidate className="wizard-form">
      {formError && <p role="alert" className="form-error">{t(formError.key, formError.params)}</p>}
      <ProfileFields register={register} data={data} profileId={values.profileId} onChoose={chooseProfile}
        errors={{ profileId: errorKey(errors, 'profileId'), profileName: errorKey(errors, 'profileName') }} />
      <section className="wizard-section">
        <h2 id="wizard-matching-title">{t('wizardSettings.sections.matching')}</h2>
        <div className="field">
          <label htmlFor="wizard-source">{t('wizardSettings.source.label')}</label>
          <select id="wizard-source" aria-invalid={!!errors.externalSourceId}
            aria-describedby={errors.externalSourceId ? 'wizard-source-error' : undefined} {...register('externalSourceId')}>
            <option value="">{t('wizardSettings.source.choose')}</option>
            {data.sources.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
          {errors.externalSourceId?.message && <p id="wizard-source-error" className="field-error">{t(errors.externalSourceId.message)}</p>}
          <p className="field-hint"><Link href="/external-sources">{t('wizardSettings.source.create')}</Link></p>
        </div>
        <Controller control={control} name="matchBy" render={({ field }) => (
          <MatchByField value={field.value ?? []} onChange={field.onChange} error={errorKey(errors, 'matchBy')} />
        )} />
        <fieldset className="field">
          <legend>{t('wizardSettings.mergeMode.label')}</legend>
          {(['mergeAll', 'updateFirst'] as const).map((mode) => (
            <label key={mode} className="checkbox-label">
              <input type="radio" value={mode} {...register('mergeMode')} />
              {t(`profiles.mergeModes.${mode}`)}
            </label>
          ))}
        </fieldset>
        <LoadTypeField register={register} loadType={values.loadType} source={source} division={division}
          errors={{ loadType: errorKey(errors, 'loadType'), confirmDrop: errorKey(errors, 'confirmDrop') }} />
        {(['unmatchedRows', 'matchedRows'] as const).map((kind) => (
          <Controller key={kind} control={control} name={kind} render={({ field }) => (
            <RowActionField kind={kind} value={field.value} onChange={field.onChange} error={errorKey(errors, kind)} />
          )} />
        ))}
      </section>
      <JobFields register={register} data={data} errors={{
        divisionId: errorKey(errors, 'divisionId'), description: errorKey(errors, 'description'),
        onBehalfOf: errorKey(errors, 'onBehalfOf'), defaultCountry: errorKey(errors, 'defaultCountry'),
      }} />
      <Controller control={control} name="fields" render={({ field }) => (
        <FieldMappingTable headers={headers} value={field.value ?? []} onChange={field.onChange} error={errorKey(errors, 'fields')} />
      )} />
      <PreviewTable preview={preview} pending={previewState === 'pending'} failed={previewState === 'failed'} />
      <div className="toolbar wizard-buttons">
        <Link className="button" href={`${wizardRoutes.upload()}?upload=${data.upload.id}`} onClick={() => void saveDraftNow()}>
          {t('wizardSettings.back')}
        </Link>
        <button type="submit" className="button primary" disabled={isSubmitting} aria-busy={isSubmitting}>
          {t('wizardSettings.next')}
        </button>
      </div>
    </form>
  );
}
