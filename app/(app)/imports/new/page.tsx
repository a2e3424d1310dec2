import type { Metadata } from 'next';
import { WizardSteps } from '@/components/import/wizard/wizard-steps';
import { loadUpload } from '@/app/(app)/imports/new/load-upload';
import { UploadStep } from '@/components/import/wizard/upload/upload-step';
import { Forbidden } from '@/components/ui/forbidden';
import { canStartBulkImport } from '@/lib/auth/navigation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getServerT } from '@/app/_server/i18n';
import { toMegabytes, uploadMaxBytes } from '@/lib/import/upload/limits';

interface Props {
  searchParams: Promise<{ upload?: string | string[] }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('wizard.steps.upload')} – ${t('wizard.title')} – ${t('app.title')}` };
}

/** Step 1 of the bulk import. `?upload=<id>` shows an earlier upload again (Back from step 2). */
export default async function UploadStepPage({ searchParams }: Props) {
  const { access } = await requireSignedIn();
  if (!canStartBulkImport(access)) return <Forbidden />;
  const t = await getServerT();
  const param = (await searchParams).upload;
  const uploadId = (Array.isArray(param) ? param[0] : param)?.trim() || null;
  const loaded = uploadId ? await loadUpload(uploadId) : null;
  const maxBytes = uploadMaxBytes();

  return (
    <>
      <WizardSteps current="upload" />
      <h1>{t('wizard.steps.upload')}</h1>
      <p className="muted">{t('wizardUpload.intro')}</p>
      {/* Keyed by the upload (and sheet) shown: another one, or another sheet chosen, starts the step afresh. */}
      <UploadStep key={`${uploadId ?? 'new'}:${loaded?.ok ? loaded.upload.sheetName ?? '' : ''}`} maxBytes={maxBytes} maxMb={toMegabytes(maxBytes)}
        restored={loaded?.ok ? { upload: loaded.upload, preview: loaded.preview } : null}
        restoreError={loaded && !loaded.ok ? loaded.error : null} />
    </>
  );
}
