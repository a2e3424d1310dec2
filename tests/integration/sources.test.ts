import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, contactExternalIds, contacts, externalSources, importProfiles } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import {
  createSource, deleteSource, getSource, listSources, setSourceActive, updateSource,
} from '@/lib/sources/operations';
import { EXTERNAL_ID_PLACEHOLDER } from '@/lib/sources/schemas';
import { buildSourceLink } from '@/lib/sources/links';
import { createTestDatabase } from '../support/test-db';
import { createActor, homeDivisionId } from '../support/fixtures';

let handle: DatabaseHandle;
let admin: OperationContext;
let viewer: OperationContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  const divisionId = await homeDivisionId(handle.db);
  admin = await createActor(handle.db, [
    'externalContacts:externalSource:view', 'externalContacts:externalSource:add',
    'externalContacts:externalSource:edit', 'externalContacts:externalSource:delete',
  ], divisionId);
  viewer = await createActor(handle.db, ['externalContacts:externalSource:view'], null);
});
afterAll(async () => handle?.close());

async function create(name: string, uriTemplate?: string | null) {
  const result = await executeOperation(createSource, { name, uriTemplate }, admin);
  if (!result.ok) throw new Error(`createSource failed: ${JSON.stringify(result)}`);
  return result.data;
}

const countSources = async () =>
  (await handle.db.select({ n: sql<number>`count(*)::int` }).from(externalSources))[0].n;

describe('external sources', () => {
  it('creates a source with a trimmed name, lists and reads it, and audits the creation', async () => {
    const source = await create('  Salesforce  ', `https://crm.example.com/c/${EXTERNAL_ID_PLACEHOLDER}`);
    expect(source).toMatchObject({ name: 'Salesforce', active: true });
    const list = await executeOperation(listSources, undefined, viewer);
    expect(list.ok && list.data.map((s) => s.name)).toContain('Salesforce');
    const read = await executeOperation(getSource, { id: source.id }, viewer);
    expect(read.ok && read.data.uriTemplate).toBe(`https://crm.example.com/c/${EXTERNAL_ID_PLACEHOLDER}`);
    const audits = await handle.db.select().from(auditLog)
      .where(and(eq(auditLog.targetId, source.id), eq(auditLog.action, 'externalSource.create')));
    expect(audits).toHaveLength(1);
    expect(audits[0].actorUserId).toBe(admin.user.id);
  });

  it('refuses a name already used in another case, on create and on rename', async () => {
    await create('HubSpot');
    const before = await countSources();
    const duplicate = await executeOperation(createSource, { name: 'hubspot' }, admin);
    expect(duplicate).toMatchObject({ ok: false, status: 409, fieldErrors: { name: [{ key: 'errors.nameTaken' }] } });
    expect(await countSources()).toBe(before);

    const other = await create('Dynamics');
    const rename = await executeOperation(updateSource, { id: other.id, name: 'HUBSPOT' }, admin);
    expect(rename).toMatchObject({ ok: false, status: 409, error: { key: 'errors.nameTaken' } });
    const [stored] = await handle.db.select().from(externalSources).where(eq(externalSources.id, other.id));
    expect(stored.name).toBe('Dynamics');
  });

  it('accepts 200 characters and refuses 201, an empty name and a non-http URI template', async () => {
    expect((await create('x'.repeat(200))).name).toHaveLength(200);
    const before = await countSources();
    const tooLong = await executeOperation(createSource, { name: 'y'.repeat(201) }, admin);
    expect(tooLong).toMatchObject({ ok: false, status: 400, fieldErrors: { name: [{ key: 'errors.tooLong', params: { max: 200 } }] } });
    const empty = await executeOperation(createSource, { name: '   ' }, admin);
    expect(empty).toMatchObject({ ok: false, fieldErrors: { name: [{ key: 'errors.required' }] } });
    const badUrl = await executeOperation(createSource, { name: 'Bad', uriTemplate: 'javascript:alert(1)' }, admin);
    expect(badUrl).toMatchObject({ ok: false, fieldErrors: { uriTemplate: [{ key: 'errors.invalidUrlTemplate' }] } });
    const longUrl = await executeOperation(createSource, { name: 'Long', uriTemplate: `https://a.example/${'p'.repeat(400)}` }, admin);
    expect(longUrl).toMatchObject({ ok: false, fieldErrors: { uriTemplate: [{ key: 'errors.tooLong' }] } });
    expect(await countSources()).toBe(before);
  });

  it('updates (an omitted URI template is kept, an empty one removed), deactivates and reactivates a source', async () => {
    const source = await create('Zendesk', 'https://z.example.com/users/');
    const renamed = await executeOperation(updateSource, { id: source.id, name: 'Zendesk EU' }, admin);
    expect(renamed).toMatchObject({ ok: true, data: { name: 'Zendesk EU', uriTemplate: 'https://z.example.com/users/' } });
    const cleared = await executeOperation(updateSource, { id: source.id, name: 'Zendesk EU', uriTemplate: '' }, admin);
    expect(cleared).toMatchObject({ ok: true, data: { name: 'Zendesk EU', uriTemplate: null } });
    await executeOperation(setSourceActive, { id: source.id, active: false }, admin);
    let [row] = await handle.db.select().from(externalSources).where(eq(externalSources.id, source.id));
    expect(row.active).toBe(false);
    await executeOperation(setSourceActive, { id: source.id, active: true }, admin);
    [row] = await handle.db.select().from(externalSources).where(eq(externalSources.id, source.id));
    expect(row.active).toBe(true);
    const actions = (await handle.db.select().from(auditLog).where(eq(auditLog.targetId, source.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['externalSource.update', 'externalSource.deactivate', 'externalSource.activate']));
  });

  it('deletes an unused source and refuses one used by a contact or an import profile', async () => {
    const unused = await create('Unused');
    expect(await executeOperation(deleteSource, { id: unused.id }, admin)).toMatchObject({ ok: true });
    expect(await handle.db.select().from(externalSources).where(eq(externalSources.id, unused.id))).toHaveLength(0);

    const byContact = await create('Used by contact');
    const [contact] = await handle.db.insert(contacts)
      .values({ divisionId: await homeDivisionId(handle.db), firstName: 'Ada' }).returning();
    await handle.db.insert(contactExternalIds).values({ contactId: contact.id, sourceId: byContact.id, value: 'A-1' });
    const byProfile = await create('Used by profile');
    await handle.db.insert(importProfiles).values({ name: 'Nightly', externalSourceId: byProfile.id });

    for (const source of [byContact, byProfile]) {
      const refused = await executeOperation(deleteSource, { id: source.id }, admin);
      expect(refused).toMatchObject({ ok: false, status: 409, error: { key: 'errors.sourceInUse' } });
      expect(await handle.db.select().from(externalSources).where(eq(externalSources.id, source.id))).toHaveLength(1);
    }
    expect(await handle.db.select().from(contactExternalIds).where(eq(contactExternalIds.sourceId, byContact.id))).toHaveLength(1);
  });

  it('answers 404 for an unknown source', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect(await executeOperation(getSource, { id }, viewer)).toMatchObject({ ok: false, status: 404 });
    expect(await executeOperation(deleteSource, { id }, admin)).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses every mutation to a viewer and to a user without permissions, changing nothing', async () => {
    const source = await create('Protected');
    const nobody = await createActor(handle.db, [], null);
    const before = await handle.db.select().from(externalSources).orderBy(externalSources.id);
    for (const actor of [viewer, nobody]) {
      const attempts = [
        executeOperation(createSource, { name: 'Sneaky' }, actor),
        executeOperation(updateSource, { id: source.id, name: 'Renamed' }, actor),
        executeOperation(setSourceActive, { id: source.id, active: false }, actor),
        executeOperation(deleteSource, { id: source.id }, actor),
      ];
      for (const result of await Promise.all(attempts)) expect(result).toMatchObject({ ok: false, status: 403 });
    }
    expect(await executeOperation(listSources, undefined, nobody)).toMatchObject({ ok: false, status: 403 });
    expect(await handle.db.select().from(externalSources).orderBy(externalSources.id)).toEqual(before);
  });
});

describe('buildSourceLink', () => {
  it('puts the encoded external ID in the placeholder, or appends it', () => {
    expect(buildSourceLink(`https://x.example/u/${EXTERNAL_ID_PLACEHOLDER}/profile`, 'a b')).toBe('https://x.example/u/a%20b/profile');
    expect(buildSourceLink('https://x.example/u/', '42')).toBe('https://x.example/u/42');
    expect(buildSourceLink(null, '42')).toBeNull();
  });
});
