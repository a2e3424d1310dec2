'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { createRoleAction } from '@/app/(app)/admin/roles/actions';
import { FIELD_LIMITS, roleFieldsSchema, type RoleFieldsInput } from '@/lib/admin/schemas';
import type { Message } from '@/lib/actions/result';
import { applyFailure, FieldError, FormAlert, FormSuccess, TextField } from './form-parts';

/** A new role starts with no permission; they are chosen on the role's page. */
export function CreateRoleForm() {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState: { errors, isSubmitting } } = useForm<RoleFieldsInput>({
    resolver: zodResolver(roleFieldsSchema),
    defaultValues: { name: '', description: '', permissions: [] },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSuccess(null);
    const result = await createRoleAction(values);
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['name', 'description']));
      return;
    }
    reset();
    setSuccess(t('admin.roles.created', { name: result.data.name }));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form" aria-labelledby="new-role-title">
      <h2 id="new-role-title">{t('admin.roles.newTitle')}</h2>
      <FormAlert message={formError} />
      <TextField id="new-role-name" label={t('admin.fields.name')} autoComplete="off"
        error={errors.name} params={FIELD_LIMITS.name} {...register('name')} />
      <div className="field">
        <label htmlFor="new-role-description">{t('admin.fields.description')}</label>
        <textarea id="new-role-description" rows={2} aria-invalid={!!errors.description}
          aria-describedby={errors.description ? 'new-role-description-error' : undefined} {...register('description')} />
        <FieldError id="new-role-description-error" error={errors.description} params={FIELD_LIMITS.description} />
      </div>
      <div>
        <button type="submit" className="button primary" disabled={isSubmitting}>{t('admin.roles.add')}</button>
      </div>
      <FormSuccess text={success} />
    </form>
  );
}
