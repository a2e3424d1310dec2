'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { createTokenAction } from '@/app/(app)/profile/actions';
import { applyFailure, FormAlert, TextField } from '@/components/admin/form-parts';
import { PermissionPicker } from '@/components/admin/permission-picker';
import type { Message } from '@/lib/actions/result';
import type { Permission } from '@/lib/auth/permissions';
import { createTokenSchema, TOKEN_DAYS_MAX, TOKEN_DAYS_MIN, TOKEN_NAME_MAX, type CreateTokenInput } from '@/lib/tokens/schemas';
import { NewTokenSecret } from './new-token-secret';

interface Props {
  /** The permissions the user holds: a token may be narrowed to some of them, never more. */
  permissions: Permission[];
  defaultDays: number;
}

export function CreateTokenForm({ permissions, defaultDays }: Props) {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const { register, control, handleSubmit, reset, setError, formState: { errors, isSubmitting } } = useForm<CreateTokenInput>({
    resolver: zodResolver(createTokenSchema),
    defaultValues: { name: '', expiresInDays: defaultDays, limited: false, permissions: [] },
  });
  const limited = useWatch({ control, name: 'limited' });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setCreated(null);
    const result = await createTokenAction(values);
    if (!result.ok) return setFormError(applyFailure(result, setError, ['name', 'expiresInDays', 'permissions']));
    setCreated({ name: result.data.name, token: result.data.token });
    reset();
    router.refresh();
  });
  const days = { min: TOKEN_DAYS_MIN, max: TOKEN_DAYS_MAX };

  return (
    <>
      {created && <NewTokenSecret name={created.name} token={created.token} />}
      <form onSubmit={onSubmit} noValidate className="form" aria-labelledby="new-token-title">
        <h3 id="new-token-title">{t('profile.tokens.newTitle')}</h3>
        <FormAlert message={formError} />
        <TextField id="token-name" label={t('profile.tokens.fields.name')} autoComplete="off" maxLength={TOKEN_NAME_MAX}
          hint={t('profile.tokens.fields.nameHint')} error={errors.name} params={{ max: TOKEN_NAME_MAX }} {...register('name')} />
        <TextField id="token-days" type="number" min={TOKEN_DAYS_MIN} max={TOKEN_DAYS_MAX} label={t('profile.tokens.fields.expiresInDays')}
          hint={t('profile.tokens.fields.expiresHint', days)} error={errors.expiresInDays} params={days}
          {...register('expiresInDays', { valueAsNumber: true })} />
        <fieldset>
          <legend>{t('profile.tokens.fields.permissions')}</legend>
          <Controller control={control} name="limited" render={({ field }) => (
            <div className="plain-fieldset">
              <label className="checkbox-label">
                <input type="radio" name="token-scope" checked={!field.value} onChange={() => field.onChange(false)} />
                {t('profile.tokens.allPermissions')}
              </label>
              <label className="checkbox-label">
                <input type="radio" name="token-scope" checked={!!field.value} onChange={() => field.onChange(true)} />
                {t('profile.tokens.somePermissions')}
              </label>
            </div>
          )} />
          {limited && (
            <Controller control={control} name="permissions" render={({ field }) => (
              <PermissionPicker only={permissions} selected={field.value ?? []} onChange={field.onChange} />
            )} />
          )}
          {errors.permissions?.message && <p id="token-permissions-error" className="field-error">{t(errors.permissions.message)}</p>}
        </fieldset>
        <div>
          <button type="submit" className="button primary" disabled={isSubmitting}>{t('profile.tokens.create')}</button>
        </div>
      </form>
    </>
  );
}
