import {
  countUnreadNotifications, listNotificationsOfUser, markAllNotificationsOfUserRead, markNotificationOfUserRead,
} from '../../db/queries/notifications';
import { recordAudit } from '../../db/queries/audit';
import { readJobEmailsSetting, writeJobEmailsSetting } from '../../db/queries/job-emails';
import { defineOperation } from '../actions/operation';
import { notFound } from '../actions/result';
import { ANY_GRANTED_PERMISSION } from '../auth/permissions';
import {
  NOTIFICATIONS_SHOWN, listMyNotificationsSchema, markAllNotificationsReadSchema, myJobEmailsSchema, notificationIdSchema,
  setMyJobEmailsSchema,
} from './schemas';
import { toNotificationView, type MyNotifications } from './view';

// A notification is its reader's own: every query is by ctx.user.id, so no input can reach
// another user's. The permission is "any signed-in user holding some grant": an operation must
// name permissions (the permission matrix refuses it to a user holding none of them), and a
// user without any grant has never requested an import.

export const listMyNotifications = defineOperation({
  name: 'listMyNotifications',
  permission: ANY_GRANTED_PERMISSION,
  input: listMyNotificationsSchema,
  async run(_input, { db, user }): Promise<MyNotifications> {
    const [rows, unreadCount] = await Promise.all([
      listNotificationsOfUser(db, user.id, NOTIFICATIONS_SHOWN),
      countUnreadNotifications(db, user.id),
    ]);
    return { items: rows.map(toNotificationView), unreadCount };
  },
});

export const markNotificationRead = defineOperation({
  name: 'markNotificationRead',
  permission: ANY_GRANTED_PERMISSION,
  input: notificationIdSchema,
  run: ({ id }, { db, user }) => db.transaction(async (tx) => {
    const outcome = await markNotificationOfUserRead(tx, user.id, id);
    if (outcome === 'missing') throw notFound();
    if (outcome === 'marked') {
      await recordAudit(tx, { actorUserId: user.id, action: 'notification.read', targetType: 'notification', targetId: id });
    }
    return { unreadCount: await countUnreadNotifications(tx, user.id) };
  }),
});

export const markAllNotificationsRead = defineOperation({
  name: 'markAllNotificationsRead',
  permission: ANY_GRANTED_PERMISSION,
  input: markAllNotificationsReadSchema,
  run: (_input, { db, user }) => db.transaction(async (tx) => {
    const marked = await markAllNotificationsOfUserRead(tx, user.id);
    if (marked > 0) {
      await recordAudit(tx, {
        actorUserId: user.id, action: 'notification.readAll', targetType: 'user', targetId: user.id, details: { marked },
      });
    }
    return { marked, unreadCount: 0 };
  }),
});

/** Whether the caller is e-mailed when an import they requested completes or fails. */
export const getMyJobEmails = defineOperation({
  name: 'getMyJobEmails',
  permission: ANY_GRANTED_PERMISSION,
  input: myJobEmailsSchema,
  run: async (_input, { db, user }) => ({ enabled: await readJobEmailsSetting(db, user.id) }),
});

/** The caller turns their own job e-mails on or off (their profile page); audited when it changes. */
export const setMyJobEmails = defineOperation({
  name: 'setMyJobEmails',
  permission: ANY_GRANTED_PERMISSION,
  input: setMyJobEmailsSchema,
  run: ({ enabled }, { db, user }) => db.transaction(async (tx) => {
    if (await writeJobEmailsSetting(tx, user.id, enabled)) {
      await recordAudit(tx, {
        actorUserId: user.id, action: 'user.jobEmails', targetType: 'user', targetId: user.id, details: { enabled },
      });
    }
    return { enabled };
  }),
});
