import type { AppDatabase } from '../../db/client';
import { isActiveUser } from '../../db/queries/wizard';
import type { Actor } from '../actions/operation';
import { DomainError } from '../actions/result';
import { ALL_DIVISIONS, hasPermission, type Access } from '../auth/access';

/**
 * A profile's folder imports run with its automation user's rights, and whoever can write to the
 * folder acts as that user. So a person may name only themselves: naming someone else (who may
 * hold more rights) is for user administrators, i.e. holders of admin:users:manage in every
 * division, the only ones who could give themselves those rights anyway.
 */
export function canNameAnyAutomationUser(access: Access): boolean {
  return hasPermission(access, 'admin:users:manage', ALL_DIVISIONS);
}

const FIELD = 'automationUserId';

/**
 * Checks the automation user a profile will have after a write (`next`; `previous` before it, or
 * null for a new profile). Someone else is refused to a non-administrator even when it was already
 * there: saving the profile's settings would decide what imports run as that person do. A newly
 * named user must exist and be active; one kept as it was may have been deactivated since (the
 * folder then refuses files, and says why).
 */
export async function checkAutomationUser(
  db: AppDatabase, actor: Actor, next: string | null, previous: string | null,
): Promise<void> {
  if (next === null || next === actor.user.id) return;
  if (!canNameAnyAutomationUser(actor.access)) {
    throw new DomainError('profilesPage.errors.automationUserNotSelf', 403, FIELD);
  }
  if (next !== previous && !await isActiveUser(db, next)) throw new DomainError('errors.notFound', 404, FIELD);
}
