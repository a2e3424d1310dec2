'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import type { Message } from '@/lib/actions/result';
import {
  EXTERNAL_ID_PLACEHOLDER, SOURCE_NAME_MAX, URI_TEMPLATE_MAX, sourceSchema, type SourceInput,
} from '@/lib/sources/schemas';
import { createSourceAction, updateSourceAction } from '@/app/(app)/external-sources/actions';

interface SourceFormProps {
  /** The source being edited; without it the form adds a new one. */
  source?: { id: string; name: string; uriTemplate: string | null };
}

const FIELDS = ['name', 'uriTemplate'] as const;
// Client-side errors carry only the key: the bounds come from the schema's constants.
const LIMITS = { name: { max: SOURCE_NAME_MAX }, uriTemplate: { max: URI_TEMPLATE_MAX } };

export function SourceForm({ source }: SourceFormProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const idPrefix = source ? 'edit-source' : 'add-source';
  const { register, handleSubmit, reset, setError, formState: { errors, isSubmitting } } = useForm<SourceInput>({
    resolver: zodResolver(sourceSchema),
    defaultValues: { name: source?.name ?? '', uriTemplate: source?.uriTemplate ?? '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setAdded(null);
    const result = source ? await updateSourceAction({ ...values, id: source.id }) : await createSourceAction(values);
    if (!result.ok) {
      let shown = false;
      for (const field of FIELDS) {
        const [first] = result.fieldErrors?.[field] ?? [];
        if (first) {
          setError(field, { type: 'server', message: first.key });
          shown = true;
        }
      }
      if (!shown) setFormError(result.error);
      return;
    }
    if (source) {
      router.push('/external-sources');
    } else {
      reset({ name: '', uriTemplate: '' });
      setAdded(result.data.name);
    }
  });

  const fieldError = (field: (typeof FIELDS)[number]) => {
    const message = errors[field]?.message;
    return message
      ? <p id={`${idPrefix}-${field}-error`} className="field-error">{t(message, LIMITS[field])}</p>
      : null;
  };
  const describedBy = (field: (typeof FIELDS)[number], hint?: string) =>
    [hint, errors[field] ? `${idPrefix}-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form onSubmit={onSubmit} noValidate className="form">
      {formError && <p role="alert" className="form-error">{t(formError.key, formError.params)}</p>}
      {added && <p role="status" className="form-success">{t('sources.added', { name: added })}</p>}
      <div className="field">
        <label htmlFor={`${idPrefix}-name`}>{t('sources.name')}</label>
        <input id={`${idPrefix}-name`} type="text" aria-invalid={!!errors.name}
          aria-describedby={describedBy('name')} {...register('name')} />
        {fieldError('name')}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-uriTemplate`}>{t('sources.uriTemplate')}</label>
        <input id={`${idPrefix}-uriTemplate`} type="url" inputMode="url"
          aria-invalid={!!errors.uriTemplate}
          aria-describedby={describedBy('uriTemplate', `${idPrefix}-uriTemplate-hint`)} {...register('uriTemplate')} />
        <p id={`${idPrefix}-uriTemplate-hint`} className="muted">
          {t('sources.uriTemplateHint', { placeholder: EXTERNAL_ID_PLACEHOLDER })}
        </p>
        {fieldError('uriTemplate')}
      </div>
      <div className="toolbar">
        <button type="submit" className="button primary" disabled={isSubmitting}>
          {isSubmitting ? t('sources.saving') : t(source ? 'common.save' : 'sources.addSubmit')}
        </button>
      </div>
    </form>
  );
}
