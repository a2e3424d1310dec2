import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { externalSources, importProfiles } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { createImportProfile, duplicateImportProfile, updateImportProfile } from '@/lib/import-profiles/operations';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createTestDatabase } from '../support/test-db';

// The addresses an import profile e-mails when one of its drop-folder imports ends: saved through
// the profile's operations (its editor and the API), checked, kept when left out, copied by Duplicate.

let handle: DatabaseHandle;
let sourceId: string;
let owner: OperationContext;

const readProfile = async (id: string) => (await handle.db.select().from(importProfiles).where(eq(importProfiles.id, id)))[0];

const settings = () => ({
  externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
  importFields: ['firstName'], defaultCountry: 'US', emptyCellsClear: false,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  [{ id: sourceId }] = await handle.db.insert(externalSources).values({ name: 'CRM Mail' }).returning();
  owner = await createActor(handle.db, ['externalContacts:importSettings:view', 'externalContacts:importSettings:add',
    'externalContacts:importSettings:edit'], await homeDivisionId(handle.db));
});

afterAll(async () => handle?.close());

describe('a profile\'s notify addresses', () => {
  it('are saved, kept when an update leaves them out, and copied by Duplicate', async () => {
    const created = await executeOperation(createImportProfile, {
      name: 'Nightly feed', ...settings(), notifyEmails: ['ops@example.test', ' team@example.test '],
    }, owner);
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect((await readProfile(created.data.id)).notifyEmails).toEqual(['ops@example.test', 'team@example.test']);

    expect(await executeOperation(updateImportProfile, { id: created.data.id, name: 'Nightly feed', ...settings() }, owner))
      .toMatchObject({ ok: true });
    expect((await readProfile(created.data.id)).notifyEmails).toEqual(['ops@example.test', 'team@example.test']);

    expect(await executeOperation(updateImportProfile, {
      id: created.data.id, name: 'Nightly feed', ...settings(), notifyEmails: [],
    }, owner)).toMatchObject({ ok: true });
    expect((await readProfile(created.data.id)).notifyEmails).toEqual([]);

    await handle.db.update(importProfiles).set({ notifyEmails: ['ops@example.test'] }).where(eq(importProfiles.id, created.data.id));
    const copy = await executeOperation(duplicateImportProfile, { id: created.data.id, locale: 'en' }, owner);
    if (!copy.ok) throw new Error(JSON.stringify(copy));
    expect((await readProfile(copy.data.id)).notifyEmails).toEqual(['ops@example.test']);
  });

  it('refuses an invalid address, one listed twice, or more than 20, and changes nothing', async () => {
    const created = await executeOperation(createImportProfile, { name: 'Checked feed', ...settings() }, owner);
    if (!created.ok) throw new Error(JSON.stringify(created));
    const update = (notifyEmails: string[]) => executeOperation(updateImportProfile, {
      id: created.data.id, name: 'Checked feed', ...settings(), notifyEmails,
    }, owner);
    expect(await update(['ops@example.test', 'not an address'])).toMatchObject({
      ok: false, fieldErrors: { 'notifyEmails.1': [{ key: 'errors.invalidEmail' }] },
    });
    expect(await update(['a@example.test', 'A@EXAMPLE.test'])).toMatchObject({
      ok: false, fieldErrors: { notifyEmails: [{ key: 'profilesPage.errors.notifyEmailsRepeated' }] },
    });
    expect(await update(Array.from({ length: 21 }, (_, i) => `a${i}@example.test`))).toMatchObject({
      ok: false, fieldErrors: { notifyEmails: [{ key: 'profilesPage.errors.notifyEmailsTooMany', params: { max: 20 } }] },
    });
    expect((await readProfile(created.data.id)).notifyEmails).toEqual([]);
  });
});
