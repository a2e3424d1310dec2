interface NameParts {
  salutation?: string | null;
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
}

/** "Dr Jane Q Doe": the non-empty parts in order; empty when the contact has no name at all. */
export function formatContactName({ salutation, firstName, middleName, lastName }: NameParts): string {
  return [salutation, firstName, middleName, lastName].map((part) => part?.trim()).filter(Boolean).join(' ');
}
