'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useTranslation } from 'react-i18next';
import { signInSchema, type SignInInput } from '@/lib/auth/schemas';
import { SIGN_IN_WINDOW_MINUTES } from '@/lib/auth/rate-limit-config';
import { safeCallbackPath } from '@/lib/auth/safe-redirect';

export function SignInForm() {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState: { errors, isSubmitting } } = useForm<SignInInput>({
    resolver: zodResolver(signInSchema),
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await signIn('credentials', { ...values, redirect: false });
    if (!result || result.error) {
      setFormError(result?.error === 'rateLimited'
        ? t('auth.rateLimited', { minutes: SIGN_IN_WINDOW_MINUTES })
        : t('auth.invalidCredentials'));
      return;
    }
    // Only same-site paths: never bounce a fresh session to another origin.
    window.location.assign(safeCallbackPath(new URLSearchParams(window.location.search).get('callbackUrl')));
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form">
      {formError && <p role="alert" className="form-error">{formError}</p>}
      <div className="field">
        <label htmlFor="email">{t('auth.email')}</label>
        <input id="email" type="email" autoComplete="username" aria-invalid={!!errors.email}
          aria-describedby={errors.email ? 'email-error' : undefined} {...register('email')} />
        {errors.email?.message && <p id="email-error" className="field-error">{t(errors.email.message)}</p>}
      </div>
      <div className="field">
        <label htmlFor="password">{t('auth.password')}</label>
        <input id="password" type="password" autoComplete="current-password" aria-invalid={!!errors.password}
          aria-describedby={errors.password ? 'password-error' : undefined} {...register('password')} />
        {errors.password?.message && <p id="password-error" className="field-error">{t(errors.password.message)}</p>}
      </div>
      <button type="submit" className="button primary" disabled={isSubmitting}>
        {isSubmitting ? t('auth.submitting') : t('auth.submit')}
      </button>
    </form>
  );
}
