import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toFieldErrors } from '@/lib/actions/zod-errors';

const fieldErrorsOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return toFieldErrors(parsed.error);
};

describe('zod issues as messages', () => {
  it('keeps our keys, shared or of an area, with the size bound as a parameter', () => {
    const schema = z.object({
      name: z.string().max(3, 'errors.tooLong'),
      profileName: z.string().min(1, 'wizardSettings.errors.profileNameRequired'),
    });
    expect(fieldErrorsOf(schema, { name: 'abcd', profileName: '' })).toEqual({
      name: [{ key: 'errors.tooLong', params: { max: 3 } }],
      profileName: [{ key: 'wizardSettings.errors.profileNameRequired', params: { min: 1 } }],
    });
  });

  it("never passes zod's own English text through", () => {
    expect(fieldErrorsOf(z.object({ n: z.number() }), { n: 'x' })).toEqual({ n: [{ key: 'errors.invalidInput' }] });
  });
});
