'use client';

import { useTranslation } from 'react-i18next';
import { templateRoutes } from '@/lib/import/templates/routes';

/**
 * Links to a CSV template (headers to fill in) and a sample file (a few contacts that import as
 * they are), in the reader's language; for a profile, with the profile's columns.
 */
export function TemplateLinks({ profileId }: { profileId?: string }) {
  const { t } = useTranslation();
  return (
    <p className="template-links">
      {t(profileId ? 'importTemplates.profileIntro' : 'importTemplates.intro')}{' '}
      <a href={templateRoutes.template(profileId)} download>{t('importTemplates.template')}</a>
      {' · '}
      <a href={templateRoutes.sample(profileId)} download>{t('importTemplates.sample')}</a>
    </p>
  );
}
