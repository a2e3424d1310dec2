import { z } from 'zod';

/**
 * The kinds of value an environment variable takes. Each schema's issue message is what the
 * variable accepts ("a whole number from 1 to 65535"); readConfig puts the variable's name and
 * the value it got around it. Unset and empty variables never reach these schemas.
 */

interface Bounds {
  min: number;
  max?: number;
  /** The value must be above `min`, not equal to it. */
  above?: boolean;
}

function describeBounds(noun: string, { min, max, above }: Bounds): string {
  if (above) return max === undefined ? `${noun} greater than ${min}` : `${noun} greater than ${min} and at most ${max}`;
  return max === undefined ? `${noun} of at least ${min}` : `${noun} from ${min} to ${max}`;
}

function bounded(pattern: RegExp, noun: string, bounds: Bounds) {
  const accepts = describeBounds(noun, bounds);
  const number = bounds.above ? z.number().gt(bounds.min, accepts) : z.number().min(bounds.min, accepts);
  return z.string().trim().regex(pattern, accepts).transform(Number)
    .pipe(bounds.max === undefined ? number : number.max(bounds.max, accepts));
}

/** A whole number: "5000"; not "5e3", "5000.5" or "abc". */
export const wholeNumber = (bounds: Bounds) => bounded(/^[-+]?\d+$/, 'a whole number', bounds);

/** A decimal number: "0.5", "60". */
export const decimalNumber = (bounds: Bounds) => bounded(/^[-+]?(\d+(\.\d*)?|\.\d+)$/, 'a number', bounds);

/** A switch: exactly 1, 0, true or false. */
export const flag = () => z.enum(['1', '0', 'true', 'false'], '1, 0, true or false')
  .transform((value) => value === '1' || value === 'true');

/** One of a few literal values. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`);

/** Any text that is not only spaces. */
export const text = () => z.string().refine((value) => value.trim() !== '', 'a non-empty text');

/** A URL whose protocol is one of `protocols` ("http", "postgres"). */
export const url = (protocols: readonly string[]) => {
  const accepts = `a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`;
  return z.string().trim().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, accepts);
};

export const email = () => z.string().trim().pipe(z.email('an e-mail address'));

/** A sender: an e-mail address, alone or after a display name ("Imports <imports@example.com>"). */
export const mailbox = () => {
  const accepts = 'an e-mail address, or a name and an address in angle brackets';
  const address = z.email();
  return z.string().trim().max(320, accepts).refine((value) => {
    const named = /^[^<>\r\n]*<([^<>\s]+)>$/.exec(value);
    return address.safeParse(named ? named[1] : value).success;
  }, accepts);
};
