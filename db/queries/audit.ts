import type { AppDatabase } from '../client';
import { auditLog } from '../schema';

export interface AuditEntry {
  actorUserId: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/** One row of the audit trail; call it inside the mutation's transaction. */
export async function recordAudit(db: AppDatabase, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}
