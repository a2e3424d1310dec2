'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { createUserAction } from '@/app/(app)/admin/users/actions';
import { createUserSchema, FIELD_LIMITS, type CreateUserInput } from '@/lib/admin/schemas';
import type { Message } from '@/lib/actions/result';
import { applyFailure, FormAlert, FormSuccess, TextField } from './form-parts';

export function CreateUserForm() {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState: { errors, isSubmitting } } = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { name: '', email: '', password: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSuccess(null);
    const result = await createUserAction(values);
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['name', 'email', 'password']));
      return;
    }
    reset();
    setSuccess(t('admin.users.created', { name: result.data.name }));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form" aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('admin.users.newTitle')}</h2>
      <FormAlert message={formError} />
      <TextField id="new-user-name" label={t('admin.fields.name')} autoComplete="off"
        error={errors.name} params={FIELD_LIMITS.name} {...register('name')} />
      <TextField id="new-user-email" type="email" label={t('admin.fields.email')} autoComplete="off"
        error={errors.email} params={FIELD_LIMITS.email} {...register('email')} />
      <TextField id="new-user-password" type="password" label={t('admin.fields.password')} autoComplete="new-password"
        hint={t('admin.users.passwordHint', FIELD_LIMITS.password)}
        error={errors.password} params={FIELD_LIMITS.password} {...register('password')} />
      <div>
        <button type="submit" className="button primary" disabled={isSubmitting}>{t('admin.users.add')}</button>
      </div>
      <FormSuccess text={success} />
    </form>
  );
}
