'use client';

import { useTranslation } from 'react-i18next';
import { formatFileSize } from './format';
import type { UploadFacts } from './upload-request';

const SEPARATOR_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** The chosen file, and once the server accepted it, what it found in it. */
export function FileFacts({ file, upload }: { file: { name: string; sizeBytes: number }; upload: UploadFacts | null }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const separator = upload?.separator ? SEPARATOR_NAMES[upload.separator] : undefined;
  return (
    <dl className="details upload-facts">
      <dt>{t('wizardUpload.facts.file')}</dt>
      <dd className="break-all">{file.name}</dd>
      <dt>{t('wizardUpload.facts.size')}</dt>
      <dd>{formatFileSize(file.sizeBytes, i18n.language)}</dd>
      {upload && (
        <>
          <dt>{t('wizardUpload.facts.rows')}</dt>
          <dd>{number.format(upload.rowCount)}</dd>
          {upload.sheetName && (
            <>
              <dt>{t('wizardUpload.facts.sheet')}</dt>
              <dd className="break-all">{upload.sheetName}</dd>
            </>
          )}
          <dt>{t('wizardUpload.facts.columns')}</dt>
          <dd>{number.format(upload.headers.length)}</dd>
          {upload.encoding && (
            <>
              <dt>{t('wizardUpload.facts.encoding')}</dt>
              <dd>
                <span>{t('wizardUpload.encoding.readAs', { encoding: t(`encodings.${upload.encoding}`) })}</span>
                {upload.detectedEncoding && upload.detectedEncoding !== upload.encoding && (
                  <> <span className="muted">({t('wizardUpload.encoding.detected', { encoding: t(`encodings.${upload.detectedEncoding}`) })})</span></>
                )}
              </dd>
            </>
          )}
          {separator && (
            <>
              <dt>{t('wizardUpload.facts.separator')}</dt>
              <dd>{t(`wizardUpload.separators.${separator}`)}</dd>
            </>
          )}
        </>
      )}
    </dl>
  );
}
