import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { externalSources } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { getTranslator } from '@/lib/i18n/translator';
import { createSource, updateSource } from '@/lib/sources/operations';
import { createTestDatabase } from '../support/test-db';
import { createActor } from '../support/fixtures';

// Item 5 of the hardening issue for text people type (not files): a NUL character would reach
// PostgreSQL, which refuses it with its own error text. The operation door refuses it first.

let handle: DatabaseHandle;
let admin: OperationContext;
let viewer: OperationContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await createActor(handle.db, ['externalContacts:externalSource:add', 'externalContacts:externalSource:edit', 'externalContacts:externalSource:view']);
  viewer = await createActor(handle.db, ['externalContacts:externalSource:view']);
});
afterAll(async () => handle?.close());

describe('a NUL character in a typed field', () => {
  it('is refused with the field named and a translated message; nothing is written', async () => {
    const result = await executeOperation(createSource, { name: 'Bad\u0000CRM' }, admin);
    expect(result).toMatchObject({ ok: false, status: 400, error: { key: 'errors.invalidInput' }, fieldErrors: { name: [{ key: 'errors.invalidCharacter' }] } });
    expect(await handle.db.select().from(externalSources).where(like(externalSources.name, 'Bad%'))).toHaveLength(0);
    expect(getTranslator('en')('errors.invalidCharacter')).toMatch(/cannot be stored/);
    expect(getTranslator('fr')('errors.invalidCharacter')).toMatch(/ne peut pas être enregistré/);
  });

  it('in an edit too, and the stored value stays as it was', async () => {
    const created = await executeOperation(createSource, { name: 'Good CRM', uriTemplate: '' }, admin);
    if (!created.ok) throw new Error(JSON.stringify(created));
    const result = await executeOperation(updateSource, { id: created.data.id, name: 'Good CRM', uriTemplate: 'https://crm.test/\u0000{id}' }, admin);
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { uriTemplate: [{ key: 'errors.invalidCharacter' }] } });
    const [row] = await handle.db.select().from(externalSources).where(eq(externalSources.id, created.data.id));
    expect(row.uriTemplate).toBeNull();
  });

  it('says nothing about the input to a caller without the permission', async () => {
    expect(await executeOperation(createSource, { name: 'Bad\u0000CRM' }, viewer)).toMatchObject({ ok: false, status: 403 });
  });
});
