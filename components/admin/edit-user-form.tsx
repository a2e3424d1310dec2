'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { updateUserAction } from '@/app/(app)/admin/users/actions';
import { FIELD_LIMITS, userFieldsSchema, type UserFieldsInput } from '@/lib/admin/schemas';
import type { Message } from '@/lib/actions/result';
import { applyFailure, FieldError, FormAlert, FormSuccess, TextField } from './form-parts';

interface Props {
  user: { id: string; name: string; email: string; active: boolean };
  isSelf: boolean;
}

export function EditUserForm({ user, isSelf }: Props) {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const { register, handleSubmit, setError, setValue, formState: { errors, isSubmitting } } = useForm<UserFieldsInput>({
    resolver: zodResolver(userFieldsSchema),
    defaultValues: { name: user.name, email: user.email, active: user.active, password: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSuccess(null);
    const result = await updateUserAction({ ...values, id: user.id });
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['name', 'email', 'active', 'password']));
      return;
    }
    setValue('password', '');
    setSuccess(t('common.saved'));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form" aria-labelledby="user-details-title">
      <h2 id="user-details-title">{t('admin.users.detailsTitle')}</h2>
      <FormAlert message={formError} />
      <TextField id="user-name" label={t('admin.fields.name')} autoComplete="off"
        error={errors.name} params={FIELD_LIMITS.name} {...register('name')} />
      <TextField id="user-email" type="email" label={t('admin.fields.email')} autoComplete="off"
        error={errors.email} params={FIELD_LIMITS.email} {...register('email')} />
      <TextField id="user-password" type="password" label={t('admin.fields.password')} autoComplete="new-password"
        hint={t('admin.users.newPasswordHint', FIELD_LIMITS.password)}
        error={errors.password} params={FIELD_LIMITS.password} {...register('password')} />
      <div className="field">
        <label className="checkbox-label" htmlFor="user-active">
          {isSelf ? (
            // Deactivating oneself would lock one out (the server refuses it too): shown, not editable.
            <input id="user-active" type="checkbox" checked disabled readOnly aria-describedby="user-active-hint" />
          ) : (
            <input id="user-active" type="checkbox" aria-invalid={!!errors.active}
              aria-describedby={errors.active ? 'user-active-error' : undefined} {...register('active')} />
          )}
          {t('admin.fields.active')}
        </label>
        {isSelf && <p id="user-active-hint" className="muted">{t('admin.users.cannotDeactivateSelf')}</p>}
        <FieldError id="user-active-error" error={errors.active} />
      </div>
      <div>
        <button type="submit" className="button primary" disabled={isSubmitting}>{t('common.save')}</button>
      </div>
      <FormSuccess text={success} />
    </form>
  );
}
