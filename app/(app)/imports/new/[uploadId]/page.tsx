import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { SettingsForm } from '@/components/import/wizard/settings/settings-form';
import { WizardSteps } from '@/components/import/wizard/wizard-steps';
import { Forbidden } from '@/components/ui/forbidden';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { loadWizardSettings } from '@/lib/import/wizard/operations';
import { wizardRoutes } from '@/lib/import/wizard/routes';

interface Props {
  params: Promise<{ uploadId: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('wizard.steps.settings')} – ${t('wizard.title')} – ${t('app.title')}` };
}

/** Step 2 of the bulk import: the profile and settings for an uploaded file. */
export default async function WizardSettingsPage({ params }: Props) {
  const { access } = await requireSignedIn();
  if (!canRun(access, loadWizardSettings)) return <Forbidden />;
  const { uploadId } = await params;
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const result = await runAsCurrentUser(loadWizardSettings, { uploadId });
  // Someone else's upload, or no such upload: nothing of it is shown.
  if (!result.ok && (result.status === 404 || result.status === 400)) notFound();
  if (!result.ok && result.status !== 409) throw new Error(`loadWizardSettings failed: ${result.error.key}`);
  const number = new Intl.NumberFormat(locale);

  return (
    <>
      <WizardSteps current="settings" />
      <h1>{t('wizard.steps.settings')}</h1>
      {!result.ok ? (
        <>
          <p role="alert" className="form-error">{t(result.error.key, result.error.params)}</p>
          <p><Link className="button" href={wizardRoutes.upload()}>{t('wizardSettings.back')}</Link></p>
        </>
      ) : (
        <>
          <p className="muted">
            {t('wizardSettings.fileSummary', {
              name: result.data.upload.fileName,
              rows: number.format(result.data.upload.rowCount),
              count: result.data.upload.rowCount,
            })}
          </p>
          <SettingsForm data={result.data} />
        </>
      )}
    </>
  );
}
