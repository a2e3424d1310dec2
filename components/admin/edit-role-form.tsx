'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { updateRoleAction } from '@/app/(app)/admin/roles/actions';
import { FIELD_LIMITS, roleFieldsSchema, type RoleFieldsInput } from '@/lib/admin/schemas';
import type { Message } from '@/lib/actions/result';
import type { Permission } from '@/lib/auth/permissions';
import { applyFailure, FieldError, FormAlert, FormSuccess, TextField } from './form-parts';
import { PermissionPicker } from './permission-picker';

interface Props {
  role: { id: string; name: string; description: string; permissions: Permission[]; isSystem: boolean };
}

export function EditRoleForm({ role }: Props) {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, formState: { errors, isSubmitting } } = useForm<RoleFieldsInput>({
    resolver: zodResolver(roleFieldsSchema),
    defaultValues: { name: role.name, description: role.description, permissions: role.permissions },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSuccess(null);
    const result = await updateRoleAction({ ...values, id: role.id });
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['name', 'description']));
      return;
    }
    setSuccess(t('common.saved'));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form role-form" aria-labelledby="role-details-title">
      <h2 id="role-details-title" className="visually-hidden">{t('admin.roles.detailsTitle')}</h2>
      <FormAlert message={formError} />
      <fieldset disabled={role.isSystem} className="plain-fieldset">
        <TextField id="role-name" label={t('admin.fields.name')} autoComplete="off"
          error={errors.name} params={FIELD_LIMITS.name} {...register('name')} />
        <div className="field">
          <label htmlFor="role-description">{t('admin.fields.description')}</label>
          <textarea id="role-description" rows={3} aria-invalid={!!errors.description}
            aria-describedby={errors.description ? 'role-description-error' : undefined} {...register('description')} />
          <FieldError id="role-description-error" error={errors.description} params={FIELD_LIMITS.description} />
        </div>
      </fieldset>
      <h3>{t('admin.roles.permissionsTitle')}</h3>
      <Controller control={control} name="permissions" render={({ field }) => (
        <PermissionPicker selected={field.value ?? []} onChange={field.onChange} disabled={role.isSystem} />
      )} />
      {!role.isSystem && (
        <div>
          <button type="submit" className="button primary" disabled={isSubmitting}>{t('common.save')}</button>
        </div>
      )}
      <FormSuccess text={success} />
    </form>
  );
}
