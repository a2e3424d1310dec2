'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseUploadSheetAction } from '@/app/(app)/imports/new/actions';
import type { Message } from '@/lib/actions/result';
import { useHydrated } from '@/components/ui/use-hydrated';

interface SheetSelectProps {
  uploadId: string;
  sheetName: string;
  sheetNames: string[];
}

/**
 * For a workbook with several sheets: which one is imported. Choosing one has the server read it
 * from the stored file (its header, rows and preview), then the page shows it.
 */
export function SheetSelect({ uploadId, sheetName, sheetNames }: SheetSelectProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<Message | null>(null);
  const [chosen, setChosen] = useState(sheetName);

  const choose = (name: string) => {
    setChosen(name);
    setError(null);
    startTransition(async () => {
      const result = await chooseUploadSheetAction({ id: uploadId, sheetName: name });
      if (!result.ok) {
        setChosen(sheetName);
        setError(result.error);
        return;
      }
      router.refresh();
    });
  };

  return (
    <div className="field sheet-select">
      <label htmlFor="upload-sheet">{t('wizardUpload.sheet.label')}</label>
      <select id="upload-sheet" value={chosen} disabled={!hydrated || pending}
        aria-describedby={['upload-sheet-hint', error ? 'upload-sheet-error' : ''].filter(Boolean).join(' ')}
        onChange={(event) => choose(event.currentTarget.value)}>
        {sheetNames.map((name) => <option key={name} value={name}>{name}</option>)}
      </select>
      <p id="upload-sheet-hint" className="field-hint muted">{t('wizardUpload.sheet.hint', { sheets: sheetNames.length })}</p>
      {pending && <p role="status" className="muted">{t('wizardUpload.sheet.reading')}</p>}
      {error && <p id="upload-sheet-error" role="alert" className="form-error">{t(error.key, error.params)}</p>}
    </div>
  );
}
