'use client';

import { useTranslation } from 'react-i18next';
import { formatFileSize, formatPercent } from './format';
import type { UploadState } from './upload-state';

/** The upload's progress bar with its figures, and the button that stops it. */
export function UploadProgress({ upload, onCancel }: { upload: UploadState; onCancel(): void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (upload.kind !== 'sending' && upload.kind !== 'checking') return null;
  const sending = upload.kind === 'sending';
  return (
    <div className="upload-progress">
      <label htmlFor="upload-progress">{t('wizardUpload.progress.label')}</label>
      {sending
        ? <progress id="upload-progress" max={Math.max(upload.total, 1)} value={upload.loaded} />
        // Indeterminate while the server checks and stores the end of the file.
        : <progress id="upload-progress" />}
      <p className="muted">
        {sending
          ? t('wizardUpload.progress.value', {
            percent: formatPercent(upload.loaded, upload.total, locale),
            loaded: formatFileSize(upload.loaded, locale),
            total: formatFileSize(upload.total, locale),
          })
          : t('wizardUpload.progress.checking')}
      </p>
      <button type="button" className="button" onClick={onCancel}>{t('wizardUpload.progress.cancel')}</button>
    </div>
  );
}
