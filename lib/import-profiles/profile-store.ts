import type { AppDatabase } from '../../db/client';
import { findDivisionById } from '../../db/queries/admin-roles';
import { recordAudit } from '../../db/queries/audit';
import {
  countJobsOfProfile, deleteProfileRow, findProfileRow, insertProfileRow, isProfileNameTaken, updateProfileRow,
  type ImportProfile, type ProfileScope, type ProfileWrite,
} from '../../db/queries/import-profiles';
import { findSourceById } from '../../db/queries/sources';
import type { Actor } from '../actions/operation';
import { isUniqueViolation } from '../actions/operation';
import { DomainError } from '../actions/result';
import { hasAnyPermission, hasPermission } from '../auth/access';
import { checkAutomationUser } from './automation-user';

/**
 * importSettings:viewAll sees every profile; importSettings:view (or importCsvSettings:view) the
 * caller's own; anyone else none. The same rule for the list, the wizard and starting a job.
 */
export function profileScopeOf({ user, access }: Actor): ProfileScope {
  if (hasPermission(access, 'externalContacts:importSettings:viewAll')) return 'all';
  if (hasAnyPermission(access, ['externalContacts:importSettings:view', 'externalContacts:importCsvSettings:view'])) {
    return { createdBy: user.id };
  }
  return 'none';
}

export function findVisibleProfile(db: AppDatabase, actor: Actor, id: string, lock = false): Promise<ImportProfile | undefined> {
  return findProfileRow(db, id, profileScopeOf(actor), lock);
}

const nameTaken = (field: string) => new DomainError('errors.nameTaken', 409, field);

/** The references of a profile: an active source, and the default division when one is set. */
async function checkReferences(db: AppDatabase, values: ProfileWrite, sourceField: string): Promise<void> {
  const source = values.externalSourceId ? await findSourceById(db, values.externalSourceId) : undefined;
  if (!source) throw new DomainError('errors.notFound', 404, sourceField);
  if (!source.active) throw new DomainError('wizardSettings.errors.sourceInactive', 400, sourceField);
  if (values.defaultDivisionId) {
    if (!await findDivisionById(db, values.defaultDivisionId)) throw new DomainError('errors.notFound', 404, 'defaultDivisionId');
  }
}

/** Turns the race where two requests pick the same name into the same answer as the pre-check. */
async function refusingDuplicateName<T>(work: () => Promise<T>, field: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(field);
    throw error;
  }
}

interface WriteOptions {
  /** The form field that names the profile and its source, for field errors. */
  fields?: { name: string; source: string };
}

/** Creates a profile owned by the actor; a name taken (whatever its case) is a field error. */
export function createProfileRecord(db: AppDatabase, actor: Actor, values: ProfileWrite, options: WriteOptions = {}) {
  const fields = options.fields ?? { name: 'name', source: 'externalSourceId' };
  return refusingDuplicateName(() => db.transaction(async (tx) => {
    await checkReferences(tx, values, fields.source);
    await checkAutomationUser(tx, actor, values.automationUserId ?? null, null);
    if (await isProfileNameTaken(tx, values.name)) throw nameTaken(fields.name);
    const profile = await insertProfileRow(tx, values, actor.user.id);
    await recordAudit(tx, {
      actorUserId: actor.user.id, action: 'importProfile.create', targetType: 'importProfile', targetId: profile.id,
      details: { after: auditValues(profile) },
    });
    return profile;
  }), fields.name);
}

/** What an update may leave out: the remembered mappings and the imported fields then stay as they are. */
export type ProfileUpdate = Omit<ProfileWrite, 'columnMapping' | 'importFields'>
  & Partial<Pick<ProfileWrite, 'columnMapping' | 'importFields'>>;

/** Saves new settings into a profile the actor may see (else 404). */
export function updateProfileRecord(db: AppDatabase, actor: Actor, id: string, update: ProfileUpdate, options: WriteOptions = {}) {
  const fields = options.fields ?? { name: 'name', source: 'externalSourceId' };
  return refusingDuplicateName(() => db.transaction(async (tx) => {
    const before = await findVisibleProfile(tx, actor, id, true);
    if (!before) throw new DomainError('errors.notFound', 404, 'id');
    const values: ProfileWrite = {
      ...update,
      columnMapping: update.columnMapping ?? before.columnMapping,
      importFields: update.importFields ?? before.importFields,
      automationUserId: update.automationUserId === undefined ? before.automationUserId : update.automationUserId,
    };
    await checkReferences(tx, values, fields.source);
    await checkAutomationUser(tx, actor, values.automationUserId ?? null, before.automationUserId);
    if (await isProfileNameTaken(tx, values.name, id)) throw nameTaken(fields.name);
    const profile = await updateProfileRow(tx, id, values);
    await recordAudit(tx, {
      actorUserId: actor.user.id, action: 'importProfile.update', targetType: 'importProfile', targetId: id,
      details: { before: auditValues(before), after: auditValues(profile) },
    });
    return profile;
  }), fields.name);
}

/**
 * Deletes a profile the actor may see (else 404). Jobs that used it keep their frozen copy of its
 * settings; the database sets their profile_id to null.
 */
export function deleteProfileRecord(db: AppDatabase, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const before = await findVisibleProfile(tx, actor, id, true);
    if (!before) throw new DomainError('errors.notFound', 404, 'id');
    const jobsKept = await countJobsOfProfile(tx, id);
    await deleteProfileRow(tx, id);
    await recordAudit(tx, {
      actorUserId: actor.user.id, action: 'importProfile.delete', targetType: 'importProfile', targetId: id,
      details: { before: auditValues(before), jobsKept },
    });
    return { id, name: before.name, jobsKept };
  });
}

export function auditValues(profile: ImportProfile) {
  const { id: _id, createdAt: _c, updatedAt: _u, createdBy: _b, ...values } = profile;
  return values;
}
