'use server';

import { runAsCurrentUser } from '@/lib/actions/bind';
import { listMyNotifications, markAllNotificationsRead, markNotificationRead } from '@/lib/notifications/operations';

// No revalidatePath: the bell keeps its own state, and nothing else on the pages shows it.

/** Polled by the bell every few seconds while the tab is visible. */
export async function listMyNotificationsAction() {
  return runAsCurrentUser(listMyNotifications, {});
}

export async function markNotificationReadAction(input: unknown) {
  return runAsCurrentUser(markNotificationRead, input);
}

export async function markAllNotificationsReadAction() {
  return runAsCurrentUser(markAllNotificationsRead, {});
}
