import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { externalSources, type ExternalSource } from '../../db/schema';
import { recordAudit } from '../../db/queries/audit';
import {
  findSourceById, isSourceInUse, isSourceNameTaken, listAllSources,
} from '../../db/queries/sources';
import { defineOperation, isUniqueViolation } from '../actions/operation';
import { DomainError, notFound } from '../actions/result';
import {
  setSourceActiveSchema, sourceIdSchema, sourceSchema, updateSourceSchema,
} from './schemas';

// External sources are global, not per division: the permissions are checked in any division.

const nameTaken = () => new DomainError('errors.nameTaken', 409, 'name');

/** Turns the race where two requests pick the same name into the same answer as the pre-check. */
async function refusingDuplicateName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export const listSources = defineOperation({
  name: 'listSources',
  permission: 'externalContacts:externalSource:view',
  input: z.object({}).optional(),
  run: (_input, { db }) => listAllSources(db),
});

export const getSource = defineOperation({
  name: 'getSource',
  permission: 'externalContacts:externalSource:view',
  input: sourceIdSchema,
  async run({ id }, { db }) {
    const source = await findSourceById(db, id);
    if (!source) throw notFound();
    return source;
  },
});

export const createSource = defineOperation({
  name: 'createSource',
  permission: 'externalContacts:externalSource:add',
  input: sourceSchema,
  run: ({ name, uriTemplate }, { db, user }) => refusingDuplicateName(() => db.transaction(async (tx) => {
    if (await isSourceNameTaken(tx, name)) throw nameTaken();
    const [source] = await tx.insert(externalSources).values({ name, uriTemplate: uriTemplate || null }).returning();
    await recordAudit(tx, {
      actorUserId: user.id, action: 'externalSource.create', targetType: 'externalSource', targetId: source.id,
      details: { name: source.name, uriTemplate: source.uriTemplate },
    });
    return source;
  })),
});

export const updateSource = defineOperation({
  name: 'updateSource',
  permission: 'externalContacts:externalSource:edit',
  input: updateSourceSchema,
  run: ({ id, name, uriTemplate }, { db, user }) => refusingDuplicateName(() => db.transaction(async (tx) => {
    const before = await findSourceById(tx, id);
    if (!before) throw notFound();
    if (await isSourceNameTaken(tx, name, id)) throw nameTaken();
    // Omitted keeps the current template; an empty one removes it.
    const template = uriTemplate === undefined ? before.uriTemplate : uriTemplate || null;
    const [source] = await tx.update(externalSources)
      .set({ name, uriTemplate: template, updatedAt: new Date() })
      .where(eq(externalSources.id, id)).returning();
    await recordAudit(tx, {
      actorUserId: user.id, action: 'externalSource.update', targetType: 'externalSource', targetId: id,
      details: {
        before: { name: before.name, uriTemplate: before.uriTemplate },
        after: { name: source.name, uriTemplate: source.uriTemplate },
      },
    });
    return source;
  })),
});

export const setSourceActive = defineOperation({
  name: 'setSourceActive',
  permission: 'externalContacts:externalSource:edit',
  input: setSourceActiveSchema,
  run: ({ id, active }, { db, user }) => db.transaction(async (tx): Promise<ExternalSource> => {
    const [source] = await tx.update(externalSources).set({ active, updatedAt: new Date() })
      .where(eq(externalSources.id, id)).returning();
    if (!source) throw notFound();
    await recordAudit(tx, {
      actorUserId: user.id, action: active ? 'externalSource.activate' : 'externalSource.deactivate',
      targetType: 'externalSource', targetId: id, details: { name: source.name },
    });
    return source;
  }),
});

export const deleteSource = defineOperation({
  name: 'deleteSource',
  permission: 'externalContacts:externalSource:delete',
  input: sourceIdSchema,
  run: ({ id }, { db, user }) => db.transaction(async (tx) => {
    const source = await findSourceById(tx, id, true);
    if (!source) throw notFound();
    // External IDs cascade with their source: refuse rather than silently unlink contacts.
    if (await isSourceInUse(tx, id)) throw new DomainError('errors.sourceInUse', 409);
    await tx.delete(externalSources).where(eq(externalSources.id, id));
    await recordAudit(tx, {
      actorUserId: user.id, action: 'externalSource.delete', targetType: 'externalSource', targetId: id,
      details: { name: source.name, uriTemplate: source.uriTemplate },
    });
    return { id };
  }),
});
