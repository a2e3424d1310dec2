import { and, eq, type SQL } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { uploads } from '../../../db/schema';
import { hasPermission } from '../../auth/access';
import type { Actor } from '../../actions/operation';
import type { Upload } from './store-upload';

/**
 * Which uploads a caller may see: their own, or everyone's with importJob:viewAll (uploads have
 * no division: a grant of it in any division counts).
 */
export function visibleUploads({ user, access }: Actor): SQL | undefined {
  if (hasPermission(access, 'externalContacts:importJob:viewAll')) return undefined;
  return eq(uploads.uploadedBy, user.id);
}

/** An upload the caller may see, or undefined: someone else's reads as "not found". */
export async function findVisibleUpload(db: AppDatabase, actor: Actor, id: string): Promise<Upload | undefined> {
  const [upload] = await db.select().from(uploads).where(and(eq(uploads.id, id), visibleUploads(actor)));
  return upload;
}
