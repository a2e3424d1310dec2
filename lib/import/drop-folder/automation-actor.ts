import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { loadAccess } from '../../../db/queries/access';
import { users } from '../../../db/schema';
import type { OperationContext } from '../../actions/operation';

export type AutomationActor =
  | { ok: true; ctx: OperationContext }
  | { ok: false; code: 'noAutomationUser' | 'automationUserInactive' };

/**
 * Who a profile's folder imports run as: its automation user, with that user's permissions,
 * exactly as if they had uploaded the file and started the job themselves. No user, or a
 * deactivated one, and the file is refused (History with a .err), never run as someone else.
 */
export async function loadAutomationActor(db: AppDatabase, userId: string | null): Promise<AutomationActor> {
  if (!userId) return { ok: false, code: 'noAutomationUser' };
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { ok: false, code: 'noAutomationUser' };
  if (!user.active) return { ok: false, code: 'automationUserInactive' };
  return {
    ok: true,
    ctx: {
      db, user: { id: user.id, email: user.email, name: user.name, locale: user.locale }, access: await loadAccess(db, user.id),
    },
  };
}
