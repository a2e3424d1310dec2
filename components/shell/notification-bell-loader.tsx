import { runAsCurrentUser } from '@/lib/actions/bind';
import { listMyNotifications } from '@/lib/notifications/operations';
import { NotificationBell } from './notification-bell';

/** The header's bell with the reader's notifications as the page is rendered; none for a user without any grant. */
export async function NotificationBellLoader() {
  const result = await runAsCurrentUser(listMyNotifications, {});
  return result.ok ? <NotificationBell initial={result.data} /> : null;
}
