import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { notifications } from '../schema';

// Every query takes the reader's id in its WHERE: another user's notification reads as missing.

export interface NotificationRow {
  id: string;
  kind: 'importCompleted' | 'importFailed';
  params: Record<string, string | number>;
  jobId: string | null;
  readAt: Date | null;
  createdAt: Date;
}

/** The user's latest notifications, newest first. */
export function listNotificationsOfUser(db: AppDatabase, userId: string, limit: number): Promise<NotificationRow[]> {
  return db.select({
    id: notifications.id, kind: notifications.kind, params: notifications.params, jobId: notifications.jobId,
    readAt: notifications.readAt, createdAt: notifications.createdAt,
  })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnreadNotifications(db: AppDatabase, userId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row.n;
}

/** 'marked' when it was unread, 'alreadyRead', or 'missing' when the user has no such notification. */
export async function markNotificationOfUserRead(
  db: AppDatabase, userId: string, id: string,
): Promise<'marked' | 'alreadyRead' | 'missing'> {
  const [marked] = await db.update(notifications).set({ readAt: sql`now()` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  if (marked) return 'marked';
  const [existing] = await db.select({ id: notifications.id }).from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId))).limit(1);
  return existing ? 'alreadyRead' : 'missing';
}

/** Marks every unread notification of the user read; returns how many were. */
export async function markAllNotificationsOfUserRead(db: AppDatabase, userId: string): Promise<number> {
  const marked = await db.update(notifications).set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return marked.length;
}

/** A newer outcome of the same job supersedes the earlier ones (a failure, then a retry that completed). */
export async function markJobNotificationsRead(db: AppDatabase, userId: string, jobId: string): Promise<void> {
  await db.update(notifications).set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), eq(notifications.jobId, jobId), isNull(notifications.readAt)));
}
