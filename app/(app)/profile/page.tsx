import type { Metadata } from 'next';
import { CreateTokenForm } from '@/components/profile/create-token-form';
import { JobEmailsSwitch } from '@/components/profile/job-emails-switch';
import { getMyJobEmails } from '@/lib/notifications/operations';
import { config } from '@/lib/config';
import { TokensTable } from '@/components/profile/tokens-table';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { heldPermissions } from '@/lib/tokens/narrow-access';
import { listMyTokens } from '@/lib/tokens/operations';
import { TOKEN_DAYS_DEFAULT } from '@/lib/tokens/schemas';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('profile.title')} – ${t('app.title')}` };
}

/** The signed-in user's own page: who they are, and their personal access tokens for the REST API. */
export default async function ProfilePage() {
  const { user, access } = await requireSignedIn();
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const mayHaveTokens = canRun(access, listMyTokens);
  const result = mayHaveTokens ? await runAsCurrentUser(listMyTokens, {}) : null;
  if (result && !result.ok) throw new Error(`listMyTokens failed: ${result.error.key}`);
  const jobEmails = canRun(access, getMyJobEmails) ? await runAsCurrentUser(getMyJobEmails, {}) : null;
  if (jobEmails && !jobEmails.ok) throw new Error(`getMyJobEmails failed: ${jobEmails.error.key}`);
  const held = heldPermissions(access);
  const permissions = ALL_PERMISSIONS.filter((p) => held.has(p));

  return (
    <>
      <h1>{t('profile.title')}</h1>
      <dl className="details">
        <dt>{t('profile.name')}</dt>
        <dd>{user.name}</dd>
        <dt>{t('profile.email')}</dt>
        <dd>{user.email}</dd>
      </dl>
      {jobEmails && (
        <section aria-labelledby="job-emails-title">
          <h2 id="job-emails-title">{t('profile.jobEmails.title')}</h2>
          <JobEmailsSwitch enabled={jobEmails.data.enabled} emailConfigured={Boolean(config().SMTP_URL)} />
        </section>
      )}
      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title">{t('profile.tokens.title')}</h2>
        <p className="muted">
          {t('profile.tokens.intro')} <a href="/api/v1/openapi.json">{t('profile.tokens.apiDocument')}</a>
        </p>
        {!result ? <p>{t('profile.tokens.noPermission')}</p> : (
          <>
            <TokensTable tokens={result.data} locale={locale} />
            <CreateTokenForm permissions={permissions} defaultDays={TOKEN_DAYS_DEFAULT} />
          </>
        )}
      </section>
    </>
  );
}
