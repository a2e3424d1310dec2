import { describe, expect, it } from 'vitest';
import { composeJobEmail, type JobEmailFacts } from '@/lib/notifications/email/compose';
import { describeSendError } from '@/lib/notifications/email/transport';
import { jobPageUrl } from '@/lib/import/jobs/job-email';
import { NOTIFY_EMAILS_MAX, notifyEmailsSchema } from '@/lib/import-profiles/schemas';
import { ConfigError, readConfig } from '@/lib/config';

const facts = (over: Partial<JobEmailFacts> = {}): JobEmailFacts => ({
  jobId: '11111111-1111-4111-8111-111111111111', title: 'Leads <b>&</b> more', fileName: 'leads.csv', status: 'completed',
  counters: { rowsInFile: 1200, imported: 1000, notImported: 150, skipped: 50, repeatedRows: 0 },
  errorCode: null, jobUrl: 'https://app.example.test/imports/jobs/11111111-1111-4111-8111-111111111111',
  reason: { kind: 'requester' }, ...over,
});

describe('composeJobEmail', () => {
  it('writes the counts in the language, skipped when there are any, repeated rows only when there are any', () => {
    const en = composeJobEmail(facts(), 'en');
    expect(en.subject).toBe('Import completed: Leads <b>&</b> more');
    expect(en.text).toContain('Imported: 1,000');
    expect(en.text).toContain('Not imported: 150');
    expect(en.text).toContain('Skipped: 50');
    expect(en.text).not.toContain('Repeated rows');
    const fr = composeJobEmail(facts({ counters: { rowsInFile: 3, imported: 3, notImported: 0, skipped: 0, repeatedRows: 2 } }), 'fr');
    expect(fr.text).toContain('Lignes répétées : 2');
    expect(fr.text).not.toContain('Ignorées');
  });

  it('escapes every value in the HTML and keeps a subject on one line', () => {
    const email = composeJobEmail(facts({ title: 'Evil\r\nBcc: x@y.z <script>' }), 'en');
    expect(email.subject).toBe('Import completed: Evil Bcc: x@y.z <script>');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Evil');
    expect(composeJobEmail(facts(), 'en').html).toContain('Leads &#60;b&#62;&#38;&#60;/b&#62; more');
  });

  it('gives a failure the translated message of its code, and the profile\'s reason to its addresses', () => {
    const email = composeJobEmail(facts({ status: 'failed', errorCode: 'importFailed', reason: { kind: 'profile', profileName: 'Nightly' } }), 'en');
    expect(email.subject).toBe('Import failed: Leads <b>&</b> more');
    expect(email.text).toMatch(/^Reason: .+/m);
    expect(email.text).toContain('the import profile “Nightly” lists your address');
  });

  it('has no link without a public URL', () => {
    expect(composeJobEmail(facts({ jobUrl: null }), 'en').text).not.toContain('See the job');
    expect(jobPageUrl('abc', undefined)).toBeNull();
    expect(jobPageUrl('abc', 'https://x.test/base')).toBe('https://x.test/base/imports/jobs/abc');
  });
});

describe('describeSendError', () => {
  it('names the error without the SMTP password or user', () => {
    const error = Object.assign(new Error('Invalid login for mailer with s3cret-pass'), { code: 'EAUTH' });
    const text = describeSendError(error, 'smtps://mailer:s3cret-pass@mail.example.test:465');
    expect(text).toBe('EAUTH: Invalid login for *** with ***');
  });
});

describe('profile notify addresses', () => {
  it('accepts up to the bound of valid, distinct addresses', () => {
    expect(notifyEmailsSchema.parse([' ops@example.test ', 'team@example.test'])).toEqual(['ops@example.test', 'team@example.test']);
    const many = Array.from({ length: NOTIFY_EMAILS_MAX + 1 }, (_, i) => `a${i}@example.test`);
    expect(notifyEmailsSchema.safeParse(many).error?.issues[0].message).toBe('profilesPage.errors.notifyEmailsTooMany');
    expect(notifyEmailsSchema.safeParse(['not-an-address']).error?.issues[0].message).toBe('errors.invalidEmail');
    expect(notifyEmailsSchema.safeParse(['a@example.test', 'A@Example.test']).error?.issues[0].message).toBe('profilesPage.errors.notifyEmailsRepeated');
  });
});

describe('SMTP configuration', () => {
  it('needs SMTP_FROM with SMTP_URL, accepts a named sender, and never echoes the URL', () => {
    expect(readConfig({ SMTP_URL: 'smtp://localhost:25', SMTP_FROM: 'Imports <imports@example.test>' }))
      .toMatchObject({ SMTP_URL: 'smtp://localhost:25', SMTP_FROM: 'Imports <imports@example.test>' });
    expect(() => readConfig({ SMTP_URL: 'smtp://u:pw@localhost:25' })).toThrow(/SMTP_FROM must be set when SMTP_URL is set/);
    let message = '';
    try {
      readConfig({ SMTP_URL: 'http://u:topsecret@localhost', SMTP_FROM: 'x@y.test' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('SMTP_URL must be a URL starting with smtp:// or smtps://');
    expect(message).not.toContain('topsecret');
  });
});
