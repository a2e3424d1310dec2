import { z } from 'zod';

/** How many notifications the bell lists: the latest ones, the older are on the Imports page. */
export const NOTIFICATIONS_SHOWN = 20;

export const listMyNotificationsSchema = z.object({}).optional();

export const notificationIdSchema = z.object({ id: z.uuid('errors.invalidInput') });
export type NotificationIdInput = z.input<typeof notificationIdSchema>;

export const markAllNotificationsReadSchema = z.object({}).optional();

export const myJobEmailsSchema = z.object({}).optional();

/** The profile page's switch: e-mail me when my imports end. */
export const setMyJobEmailsSchema = z.object({ enabled: z.boolean() });
export type SetMyJobEmailsInput = z.input<typeof setMyJobEmailsSchema>;
