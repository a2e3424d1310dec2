import { z } from 'zod';

export const signInSchema = z.object({
  email: z.string().trim().min(1, 'errors.required').email('errors.invalidEmail'),
  password: z.string().min(1, 'errors.required'),
});
export type SignInInput = z.infer<typeof signInSchema>;
