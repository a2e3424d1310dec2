'use client';

import { useTranslation } from 'react-i18next';
import { TemplateLinks } from './template-links';

/** What the import takes, for a user whose file was refused or who prepares one. */
export function FileRequirements({ maxMb }: { maxMb: number }) {
  const { t, i18n } = useTranslation();
  return (
    <details className="file-requirements">
      <summary>{t('wizardUpload.requirements.title')}</summary>
      <ul className="inline-list">
        <li>{t('wizardUpload.requirements.encoding')}</li>
        <li>{t('wizardUpload.requirements.separator')}</li>
        <li>{t('wizardUpload.requirements.header')}</li>
        <li>{t('wizardUpload.requirements.workbook')}</li>
        <li>{t('wizardUpload.requirements.size', { maxMb: new Intl.NumberFormat(i18n.language).format(maxMb) })}</li>
      </ul>
      <TemplateLinks />
    </details>
  );
}
