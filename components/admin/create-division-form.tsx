'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { createDivisionAction } from '@/app/(app)/admin/divisions/actions';
import { divisionSchema, FIELD_LIMITS, type DivisionInput } from '@/lib/admin/schemas';
import type { Message } from '@/lib/actions/result';
import { applyFailure, FormAlert, FormSuccess, TextField } from './form-parts';

export function CreateDivisionForm() {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState: { errors, isSubmitting } } = useForm<DivisionInput>({
    resolver: zodResolver(divisionSchema),
    defaultValues: { name: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSuccess(null);
    const result = await createDivisionAction(values);
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['name']));
      return;
    }
    reset();
    setSuccess(t('admin.divisions.created', { name: result.data.name }));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form" aria-labelledby="new-division-title">
      <h2 id="new-division-title">{t('admin.divisions.newTitle')}</h2>
      <FormAlert message={formError} />
      <TextField id="new-division-name" label={t('admin.fields.name')} autoComplete="off"
        error={errors.name} params={FIELD_LIMITS.name} {...register('name')} />
      <div>
        <button type="submit" className="button primary" disabled={isSubmitting}>{t('admin.divisions.add')}</button>
      </div>
      <FormSuccess text={success} />
    </form>
  );
}
