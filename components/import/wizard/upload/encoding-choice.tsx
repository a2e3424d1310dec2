'use client';

import { useState, useTransition } from 'react';
import { useTranslation } from 'react-i18next';
import { rereadUploadAction } from '@/app/(app)/imports/new/[uploadId]/actions';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Message } from '@/lib/actions/result';
import { TEXT_ENCODINGS, type TextEncoding } from '@/lib/import/upload/encoding/encodings';
import { toUploadFacts, type UploadFacts } from './upload-request';
import type { PreviewRows } from './upload-state';

interface EncodingChoiceProps {
  upload: UploadFacts & { encoding: TextEncoding };
  onReread(upload: UploadFacts, preview: PreviewRows | null): void;
}

/**
 * Another encoding for an accepted CSV file: the server reads the stored file again in it (its
 * header, rows and first rows change with it). A file that is not text in the chosen encoding is
 * refused with its line, and the previous reading stays.
 */
export function EncodingChoice({ upload, onReread }: EncodingChoiceProps) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<Message | null>(null);
  const [chosen, setChosen] = useState<TextEncoding>(upload.encoding);

  const reread = () => {
    setError(null);
    startTransition(async () => {
      const result = await rereadUploadAction({ id: upload.id, encoding: chosen });
      if (!result.ok) return setError(result.error);
      onReread(toUploadFacts(result.data), result.preview);
    });
  };

  return (
    <div className="field encoding-choice">
      <label htmlFor="upload-encoding">{t('wizardUpload.encoding.choose')}</label>
      <div className="toolbar">
        <select id="upload-encoding" value={chosen} disabled={!hydrated || pending}
          aria-describedby={['upload-encoding-hint', error ? 'upload-encoding-error' : ''].filter(Boolean).join(' ')}
          onChange={(event) => setChosen(event.currentTarget.value as TextEncoding)}>
          {TEXT_ENCODINGS.map((encoding) => <option key={encoding} value={encoding}>{t(`encodings.${encoding}`)}</option>)}
        </select>
        <button type="button" className="button" disabled={!hydrated || pending || chosen === upload.encoding} onClick={reread}>
          {t('wizardUpload.encoding.reread')}
        </button>
      </div>
      <p id="upload-encoding-hint" className="field-hint muted">{t('wizardUpload.encoding.hint')}</p>
      {pending && <p role="status" className="muted">{t('wizardUpload.encoding.rereading')}</p>}
      {error && <p id="upload-encoding-error" role="alert" className="form-error">{t(error.key, error.params)}</p>}
    </div>
  );
}
