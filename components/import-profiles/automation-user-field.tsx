'use client';

import { useTranslation } from 'react-i18next';
import { ChoiceField } from './choice-field';

export interface AutomationUserChoices {
  /** The person editing: the one user anybody may name. */
  me: { id: string; name: string };
  /** True for a user administrator (admin:users:manage in every division): any active user. */
  anyUser: boolean;
  users: { id: string; name: string; email: string }[];
  /** The profile's automation user as saved, when it is someone else (to show it, not to offer it). */
  current: { id: string; name: string } | null;
}

interface AutomationUserFieldProps extends AutomationUserChoices {
  value: string | null;
  onChange(value: string | null): void;
  /** An already translated message. */
  error?: string;
}

const NOBODY = 'nobody';

/**
 * Whose rights the profile's folder imports use. Anyone may choose themselves or nobody; a user
 * administrator picks among the active users. The server checks the same rule on save.
 */
export function AutomationUserField({ me, anyUser, users, current, value, onChange, error }: AutomationUserFieldProps) {
  const { t } = useTranslation();
  const hint = <p id="profile-automation-hint" className="muted field-hint">{t('profilesPage.automation.hint')}</p>;
  if (!anyUser) {
    const choices = [
      { value: me.id, label: t('profilesPage.automation.me', { name: me.name }), hint: t('profilesPage.automation.meHint') },
      { value: NOBODY, label: t('profilesPage.automation.nobody'), hint: t('profilesPage.automation.nobodyHint') },
      ...(current && current.id !== me.id
        ? [{ value: current.id, label: t('profilesPage.automation.other', { name: current.name }) }] : []),
    ];
    return (
      <>
        <ChoiceField legend={t('profilesPage.view.automationUser')} choices={choices} value={value ?? NOBODY}
          onChange={(choice) => onChange(choice === NOBODY ? null : choice)} error={error} />
        {hint}
      </>
    );
  }
  // A user deactivated since stays shown as chosen, marked so.
  const others = users.filter((user) => user.id !== me.id);
  const kept = current && current.id !== me.id && !users.some((user) => user.id === current.id) ? current : null;
  return (
    <div className="field">
      <label htmlFor="profile-automation">{t('profilesPage.view.automationUser')}</label>
      <select id="profile-automation" value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}
        aria-invalid={!!error} aria-describedby={['profile-automation-hint', error ? 'profile-automation-error' : ''].filter(Boolean).join(' ')}>
        <option value="">{t('profilesPage.automation.nobody')}</option>
        <option value={me.id}>{t('profilesPage.automation.me', { name: me.name })}</option>
        {kept && <option value={kept.id}>{t('profilesPage.automation.inactive', { name: kept.name })}</option>}
        {others.map((user) => <option key={user.id} value={user.id}>{`${user.name} (${user.email})`}</option>)}
      </select>
      {hint}
      {error && <p id="profile-automation-error" className="field-error">{error}</p>}
    </div>
  );
}
