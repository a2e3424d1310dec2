import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions, importJobs, importProfiles, uploads, users } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { continueImportJob, startImportJob } from '@/lib/import/jobs/operations';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { jobErrorMessage } from '@/lib/import/jobs/job-errors';
import { getMyJobEmails, setMyJobEmails } from '@/lib/notifications/operations';
import { createActor, IMPORTING } from '../support/fixtures';
import { contactsCsv, createProfile, createReadyUpload, isEnded, readJob, waitForJob } from '../support/job-fixtures';
import { closedPort, startSmtpCapture, type ReceivedEmail, type SmtpCapture } from '../support/smtp-capture';
import { createTestDatabase } from '../support/test-db';

// When a job ends its requester (and a drop-folder profile's addresses) get an e-mail, sent over
// real SMTP to a server on loopback after the job's final state is committed.

const SMTP_VARIABLES = ['SMTP_URL', 'SMTP_FROM', 'NEXTAUTH_URL'] as const;
const savedEnv = Object.fromEntries(SMTP_VARIABLES.map((name) => [name, process.env[name]]));

let handle: DatabaseHandle;
let smtp: SmtpCapture;
let divisionId: string;
let profileId: string;
let owner: OperationContext;
const workers: JobWorker[] = [];

const PERMISSIONS = ['externalContacts:importJob:add', 'externalContacts:importJob:edit', 'externalContacts:importJob:view',
  'externalContacts:importSettings:viewAll', ...IMPORTING] as const;

async function worker() {
  workers.push(await startJobWorker(handle, { config: { heartbeatMs: 200, pollingSeconds: 0.5 } }));
}

async function startJob(actor: OperationContext, description: string, autoContinue = true) {
  const upload = await createReadyUpload(handle.db, actor.user.id, contactsCsv(description.replace(/\W/g, ''), 3, 1), 'people.csv');
  const result = await executeOperation(startImportJob, { uploadId: upload.id, profileId, divisionId, description, autoContinue }, actor);
  if (!result.ok) throw new Error(`start refused: ${JSON.stringify(result)}`);
  return result.data;
}

/** Addresses compare whatever their case (nodemailer writes a domain in lower case). */
const sentTo = (address: string) => (m: ReceivedEmail) => m.to.some((to) => to.toLowerCase() === address.toLowerCase());

async function emailsTo(address: string, count = 1, timeoutMs = 20_000): Promise<ReceivedEmail[]> {
  await vi.waitFor(() => {
    if (smtp.received.filter(sentTo(address)).length < count) throw new Error(`waiting for ${count} e-mail(s) to ${address}`);
  }, { timeout: timeoutMs, interval: 100 });
  return smtp.received.filter(sentTo(address));
}

const queuedFor = async (jobId: string) => Number((await queryRows<{ n: number | string }>(handle.db,
  sql`select count(*) as n from pgboss.job where name = 'job-email' and data->>'jobId' = ${jobId}`))[0].n);

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpCapture();
  process.env.SMTP_URL = smtp.url;
  process.env.SMTP_FROM = 'Contacts imports <imports@example.test>';
  process.env.NEXTAUTH_URL = 'https://contacts.example.test';
  const [division] = await handle.db.insert(divisions).values({ name: 'Mailed' }).returning();
  divisionId = division.id;
  owner = await createActor(handle.db, [...PERMISSIONS], divisionId);
  await handle.db.update(users).set({ locale: 'fr' }).where(eq(users.id, owner.user.id));
  profileId = (await createProfile(handle.db)).id;
  await installJobQueues(handle);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  for (const name of SMTP_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await smtp?.close();
  await handle?.close();
});

describe('the e-mail when a job ends', () => {
  it('tells a French requester once that their job completed, in French, with its counts and link', async () => {
    await worker();
    const job = await startJob(owner, 'Campagne de printemps');
    expect(await waitForJob(handle.db, job.id, isEnded)).toMatchObject({ status: 'completed', imported: 2, notImported: 1 });
    const [email] = await emailsTo(owner.user.email);
    expect(email.to).toEqual([owner.user.email]);
    expect(email.subject).toBe('Importation terminée : Campagne de printemps');
    expect(email.from).toBe('imports@example.test');
    expect(email.text).toContain('Votre importation « Campagne de printemps » est terminée.');
    expect(email.text).toContain('Fichier : people.csv');
    expect(email.text).toContain('État : Terminée');
    expect(email.text).toContain('Importées : 2');
    expect(email.text).toContain('Non importées : 1');
    expect(email.text).toContain(`Voir la tâche : https://contacts.example.test/imports/jobs/${job.id}`);
    // Exactly one, even after the worker had time to send a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.received.filter((m) => m.subject.includes('Campagne de printemps'))).toHaveLength(1);
  });

  it('tells them once that it failed, with the failure translated, never the database\'s text', async () => {
    const job = await startJob(owner, 'Fichier perdu', false);
    const { uploadId } = await readJob(handle.db, job.id);
    await handle.db.update(uploads).set({ status: 'rejected' }).where(eq(uploads.id, uploadId!));
    await worker();
    const failed = await waitForJob(handle.db, job.id, isEnded);
    expect(failed.status).toBe('failed');
    const email = await vi.waitFor(() => {
      const found = smtp.received.find((m) => sentTo(owner.user.email)(m) && m.subject.includes('Fichier perdu'));
      if (!found) throw new Error('waiting for the e-mail about the failed job');
      return found;
    }, { timeout: 20_000, interval: 100 });
    expect(email.subject).toBe('Échec de l’importation : Fichier perdu');
    expect(email.text).toContain('État : Échec');
    expect(email.text).toContain(`Motif : ${jobErrorMessage(failed.errorCode, 'fr')}`);
    expect(email.text).not.toContain(failed.errorMessage!);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.received.filter((m) => m.subject.includes('Fichier perdu'))).toHaveLength(1);
  });

  it('sends none to a user who turned them off on their profile', async () => {
    const quiet = await createActor(handle.db, [...PERMISSIONS], divisionId);
    expect(await executeOperation(getMyJobEmails, {}, quiet)).toMatchObject({ ok: true, data: { enabled: true } });
    expect(await executeOperation(setMyJobEmails, { enabled: false }, quiet)).toMatchObject({ ok: true, data: { enabled: false } });
    expect(await executeOperation(getMyJobEmails, {}, quiet)).toMatchObject({ ok: true, data: { enabled: false } });
    await worker();
    const job = await startJob(quiet, 'Silencieux');
    expect(await waitForJob(handle.db, job.id, isEnded)).toMatchObject({ status: 'completed' });
    expect(await queuedFor(job.id)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.received.filter(sentTo(quiet.user.email))).toHaveLength(0);
  });

  it('also tells the addresses a profile lists, for its drop-folder imports (in the default language)', async () => {
    await handle.db.update(importProfiles).set({ notifyEmails: ['ops@example.test', 'Team@Example.test'] })
      .where(eq(importProfiles.id, profileId));
    try {
      const job = await startJob(owner, 'Dépôt nocturne', false);
      await handle.db.update(importJobs).set({ origin: 'folder' }).where(eq(importJobs.id, job.id));
      await worker();
      await waitForJob(handle.db, job.id, (j) => j.step === 'validated');
      expect(await executeOperation(continueImportJob, { id: job.id }, owner)).toMatchObject({ ok: true });
      expect(await waitForJob(handle.db, job.id, isEnded)).toMatchObject({ status: 'completed' });
      const [ops] = await emailsTo('ops@example.test');
      const [team] = await emailsTo('Team@Example.test');
      expect(ops.subject).toBe('Import completed: Dépôt nocturne');
      expect(ops.text).toContain('Imported: 2');
      expect(ops.text).toMatch(/the import profile “Profile \w+” lists your address/);
      expect(team.subject).toBe(ops.subject);
      // The requester's own, in French, as well.
      await vi.waitFor(() => {
        expect(smtp.received.filter(sentTo(owner.user.email)).map((m) => m.subject))
          .toContain('Importation terminée : Dépôt nocturne');
      }, { timeout: 20_000, interval: 100 });
    } finally {
      await handle.db.update(importProfiles).set({ notifyEmails: [] }).where(eq(importProfiles.id, profileId));
    }
  });

  it('with the SMTP server down, the job still completes and the failed send is logged without the password', async () => {
    const port = await closedPort();
    process.env.SMTP_URL = `smtp://mailer:s3cret-pass@127.0.0.1:${port}`;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await worker();
      const job = await startJob(owner, 'Serveur absent');
      expect(await waitForJob(handle.db, job.id, isEnded)).toMatchObject({ status: 'completed', imported: 2 });
      const line = `Job e-mail for import job ${job.id} not sent (attempt 1 of 6, will retry): ESOCKET: connect ECONNREFUSED 127.0.0.1:${port}`;
      await vi.waitFor(() => {
        expect(errors.mock.calls.map((call) => String(call[0]))).toEqual(expect.arrayContaining([expect.stringContaining(line)]));
      }, { timeout: 20_000, interval: 100 });
      const logged = errors.mock.calls.map((call) => call.map(String).join(' ')).join('\n');
      expect(logged).not.toContain('s3cret-pass');
      expect(await queuedFor(job.id)).toBe(1);
    } finally {
      errors.mockRestore();
      process.env.SMTP_URL = smtp.url;
    }
  });
});
