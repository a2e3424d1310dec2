/** A translatable message: an i18n key and its parameters. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; error: Message; fieldErrors?: Record<string, Message[]> };

/** An expected failure of a domain rule, carrying an i18n key instead of raw text. */
export class DomainError extends Error {
  constructor(
    readonly key: string,
    readonly status = 400,
    readonly field?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(key);
    this.name = 'DomainError';
  }
}

export const notFound = () => new DomainError('errors.notFound', 404);
