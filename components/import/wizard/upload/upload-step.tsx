'use client';

import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import type { Message } from '@/lib/actions/result';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import { FileChooser } from './file-chooser';
import { FileFacts } from './file-facts';
import { EncodingChoice } from './encoding-choice';
import { FileRequirements } from './file-requirements';
import { PreviewTable } from './preview-table';
import { SheetSelect } from './sheet-select';
import { UploadProgress } from './upload-progress';
import type { UploadFacts } from './upload-request';
import { canGoNext, EMPTY_STEP, restoredStep, type PreviewRows } from './upload-state';
import { useUploadStep } from './use-upload-step';

export interface UploadStepProps {
  maxBytes: number;
  maxMb: number;
  /** An earlier upload, from `?upload=<id>` (the settings step's Back). */
  restored?: { upload: UploadFacts; preview: PreviewRows | null } | null;
  /** Why that earlier upload cannot be used. */
  restoreError?: Message | null;
}

/** Step 1 of the bulk import: choose or drop a CSV file, see its first rows, send it. */
export function UploadStep({ maxBytes, maxMb, restored, restoreError }: UploadStepProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const initial = restored ? restoredStep(restored.upload, restored.preview) : { ...EMPTY_STEP, error: restoreError ?? null };
  const { state, choose, cancel, clear, reread } = useUploadStep(initial, { maxBytes, maxMb });
  const { file, upload, error } = state;
  const accepted = upload?.kind === 'accepted' ? upload.upload : null;
  const showChooser = !file || upload?.kind === 'refused';

  return (
    <div className="upload-step">
      {error && <p id="upload-error" role="alert" className="form-error">{t(error.key, error.params)}</p>}
      {state.cancelled && <p role="status" className="muted">{t('wizardUpload.cancelled')}</p>}
      {showChooser && (
        <FileChooser onChoose={choose} maxMb={maxMb} invalid={!!error} describedBy={error ? 'upload-error' : undefined} />
      )}
      <FileRequirements maxMb={maxMb} />
      {file && (
        <section aria-labelledby="upload-file-title" className="upload-file">
          <h2 id="upload-file-title">{t('wizardUpload.facts.title')}</h2>
          <FileFacts file={file} upload={accepted} />
          {upload && <UploadProgress upload={upload} onCancel={cancel} />}
          {accepted && (
            <>
              <p role="status" className="form-success">
                {accepted.sheetName
                  ? t('wizardUpload.sheet.read', { sheetName: accepted.sheetName, count: accepted.rowCount })
                  : t('wizardUpload.accepted', { count: accepted.rowCount })}
              </p>
              {accepted.sheetName && (accepted.sheetNames?.length ?? 0) > 1 && (
                <SheetSelect uploadId={accepted.id} sheetName={accepted.sheetName} sheetNames={accepted.sheetNames ?? []} />
              )}
              {accepted.encoding && <EncodingChoice upload={{ ...accepted, encoding: accepted.encoding }} onReread={reread} />}
              <button type="button" className="button" onClick={clear}>{t('wizardUpload.chooseAnother')}</button>
            </>
          )}
        </section>
      )}
      {file && upload?.kind !== 'refused' && <PreviewTable preview={state.preview} />}
      <div className="toolbar wizard-actions">
        <button type="button" className="button primary" disabled={!canGoNext(state)}
          onClick={() => accepted && router.push(wizardRoutes.settings(accepted.id))}>
          {t('common.next')}
        </button>
      </div>
    </div>
  );
}
