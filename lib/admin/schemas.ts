import { z } from 'zod';
import { ALL_PERMISSIONS } from '../auth/permissions';

export const NAME_MAX = 200;
export const EMAIL_MAX = 254;
export const DESCRIPTION_MAX = 1000;
export const PASSWORD_MIN = 12;
// bcrypt reads only the first 72 bytes: a longer password would be silently cut.
export const PASSWORD_MAX = 72;

/** Limits of the admin forms, passed to `t()` so "At most {{max}} characters" reads right. */
export const FIELD_LIMITS = {
  name: { max: NAME_MAX },
  email: { max: EMAIL_MAX },
  description: { max: DESCRIPTION_MAX },
  password: { min: PASSWORD_MIN, max: PASSWORD_MAX },
} as const;

export const idSchema = z.uuid('errors.invalidInput');
const name = z.string().trim().min(1, 'errors.required').max(NAME_MAX, 'errors.tooLong');
const email = z.string().trim().min(1, 'errors.required').max(EMAIL_MAX, 'errors.tooLong')
  .pipe(z.email('errors.invalidEmail'));
const password = z.string().min(PASSWORD_MIN, 'errors.passwordTooShort').max(PASSWORD_MAX, 'errors.tooLong');
const description = z.string().trim().max(DESCRIPTION_MAX, 'errors.tooLong');
const permissions = z.array(z.enum(ALL_PERMISSIONS, 'errors.invalidInput')).max(ALL_PERMISSIONS.length * 2);

export const noInputSchema = z.object({}).optional();
export const byIdSchema = z.object({ id: idSchema });

export const createUserSchema = z.object({ name, email, password });
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** The edit form: an empty password keeps the current one. */
export const userFieldsSchema = z.object({
  name,
  email,
  active: z.boolean(),
  password: z.union([z.literal(''), password]).optional(),
});
export type UserFieldsInput = z.infer<typeof userFieldsSchema>;
export const updateUserSchema = userFieldsSchema.extend({ id: idSchema });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const roleFieldsSchema = z.object({
  name,
  description: description.optional(),
  permissions: permissions.optional(),
});
export type RoleFieldsInput = z.infer<typeof roleFieldsSchema>;
export const updateRoleSchema = roleFieldsSchema.extend({ id: idSchema });
export type UpdateRoleInput = z.infer<typeof updateRoleSchema>;

export const divisionSchema = z.object({ name });
export type DivisionInput = z.infer<typeof divisionSchema>;

export const grantFieldsSchema = z.object({
  roleId: z.uuid('errors.required'),
  /** null: the role applies in every division. */
  divisionId: idSchema.nullable(),
});
export type GrantFieldsInput = z.infer<typeof grantFieldsSchema>;
export const addGrantSchema = grantFieldsSchema.extend({ userId: idSchema });
export type AddGrantInput = z.infer<typeof addGrantSchema>;

export const listGrantsSchema = z.object({ userId: idSchema });
export const removeGrantSchema = z.object({ grantId: idSchema });
