import { z } from 'zod';
import { ALL_PERMISSIONS } from '../auth/permissions';

export const TOKEN_NAME_MAX = 100;
export const TOKEN_DAYS_MIN = 1;
export const TOKEN_DAYS_MAX = 365;
export const TOKEN_DAYS_DEFAULT = 30;

/**
 * A new token: a name, a lifetime in days (a token always expires), and either all of the
 * owner's permissions or only some (`limited`), which must be ones the owner holds.
 */
export const createTokenSchema = z.object({
  name: z.string().trim().min(1, 'errors.required').max(TOKEN_NAME_MAX, 'errors.tooLong'),
  expiresInDays: z.number('api.errors.expiryRange').int('api.errors.expiryRange')
    .min(TOKEN_DAYS_MIN, 'api.errors.expiryRange').max(TOKEN_DAYS_MAX, 'api.errors.expiryRange'),
  limited: z.boolean().default(false),
  permissions: z.array(z.enum(ALL_PERMISSIONS, 'errors.invalidInput')).max(ALL_PERMISSIONS.length).default([]),
}).refine((value) => !value.limited || value.permissions.length > 0, {
  path: ['permissions'], message: 'api.errors.permissionsRequired',
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

export const tokenIdSchema = z.object({ id: z.uuid('errors.invalidInput') });

export const listMyTokensSchema = z.object({}).optional();
