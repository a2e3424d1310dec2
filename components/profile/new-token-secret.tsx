'use client';

import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The new token, shown this once: only its hash is kept, so it cannot be shown again. */
export function NewTokenSecret({ name, token }: { name: string; token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = () => navigator.clipboard.writeText(token).then(() => setCopied(true), () => setCopied(false));

  return (
    <div className="new-token" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('profile.tokens.createdTitle', { name })}</h3>
      <p>{t('profile.tokens.createdHint')}</p>
      <div className="field">
        <label htmlFor={id}>{t('profile.tokens.secretLabel')}</label>
        <div className="toolbar">
          <input id={id} readOnly value={token} size={token.length} onFocus={(event) => event.target.select()} />
          <button type="button" className="button" onClick={copy}>{t('profile.tokens.copy')}</button>
        </div>
      </div>
      <p role="status" className={copied === false ? 'form-error' : 'form-success'}>
        {copied === null ? '' : t(copied ? 'profile.tokens.copied' : 'profile.tokens.copyFailed')}
      </p>
    </div>
  );
}
