import type { Permission } from '@/lib/auth/permissions';

type Translate = (key: string, params?: Record<string, string>) => string;

const NAMES: Partial<Record<Permission, string>> = {
  'externalContacts:contact:delete': 'jobs.needs.permission.contactDelete',
  'externalContacts:contact:add': 'jobs.needs.permission.contactAdd',
  'externalContacts:contact:edit': 'jobs.needs.permission.contactEdit',
};

/**
 * Why a job button is disabled: "Continuing this import needs the permission to delete contacts
 * in this division." The permissions come from the operation's own check (lib/import/jobs/job-abilities.ts).
 */
export function neededPermissionsText(
  t: Translate, locale: string, action: 'continue' | 'retry' | 'revert', missing: readonly Permission[],
): string {
  const names = missing.map((permission) => t(NAMES[permission] ?? 'jobs.needs.permission.other'));
  const what = new Intl.ListFormat(locale, { type: 'conjunction' }).format([...new Set(names)]);
  return t(`jobs.needs.${action}`, { what });
}
