import { EXTERNAL_ID_PLACEHOLDER } from './schemas';

/** The link back to the source system for one external ID, or null when the source has none. */
export function buildSourceLink(uriTemplate: string | null, externalId: string): string | null {
  if (!uriTemplate) return null;
  const value = encodeURIComponent(externalId);
  return uriTemplate.includes(EXTERNAL_ID_PLACEHOLDER)
    ? uriTemplate.replaceAll(EXTERNAL_ID_PLACEHOLDER, value)
    : `${uriTemplate}${value}`;
}
