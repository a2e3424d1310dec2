import type { Locale } from '../../i18n/config';
import { fieldDefinition, type FieldKey } from '../rows/fields';

/**
 * The header of each field in a French template: a name the automatic mapping knows (an alias
 * in rows/fields.ts; tests/unit/import-templates.test.ts checks each one maps back to its field).
 * English templates use the fields' default headers.
 */
export const FRENCH_HEADERS: Readonly<Record<FieldKey, string>> = {
  externalId: 'ID externe',
  organizationExternalId: "ID externe de l'organisation externe",
  organizationName: "Nom de l'organisation externe",
  deleted: 'Supprimé',
  salutation: 'Civilité',
  firstName: 'Prénom',
  middleName: 'Deuxième prénom',
  lastName: 'Nom',
  title: 'Titre',
  workPhone: 'Téléphone professionnel',
  cellPhone: 'Téléphone mobile',
  homePhone: 'Téléphone personnel',
  otherPhone: 'Autre téléphone',
  workEmail: 'Courriel professionnel',
  personalEmail: 'Courriel personnel',
  otherEmail: 'Autre courriel',
  addressLine1: 'Adresse ligne 1',
  addressLine2: 'Adresse ligne 2',
  city: 'Ville',
  state: 'État/Province',
  postalCode: 'Code postal',
  countryCode: 'Code pays',
  twitterId: 'ID Twitter',
  whatsappId: 'ID WhatsApp',
  facebookId: 'ID Facebook',
  lineId: 'ID LINE',
  instagramId: 'ID Instagram',
  externalSystemUrl: 'URL du système externe',
  surveyOptOut: 'Refus des enquêtes',
  callable: 'Appelable',
  organizationPhone: "Téléphone de l'organisation externe",
  organizationAddressLine1: "Adresse ligne 1 de l'organisation externe",
  organizationAddressLine2: "Adresse ligne 2 de l'organisation externe",
  organizationCity: "Ville de l'organisation externe",
  organizationState: "État/Province de l'organisation externe",
  organizationPostalCode: "Code postal de l'organisation externe",
  organizationCountryCode: "Code pays de l'organisation externe",
  organizationWebsite: "Site web de l'organisation externe",
  organizationIndustry: "Secteur d'activité de l'organisation externe",
};

/** A target's header in a template of that language: `custom:<name>` reads `Custom: <name>` / `Personnalisé : <name>`. */
export function templateHeader(target: string, locale: Locale): string {
  if (target.startsWith('custom:')) {
    const name = target.slice('custom:'.length);
    return locale === 'fr' ? `Personnalisé : ${name}` : `Custom: ${name}`;
  }
  const definition = fieldDefinition(target);
  if (!definition) throw new Error(`unknown target ${target}`);
  return locale === 'fr' ? FRENCH_HEADERS[target as FieldKey] : definition.header;
}
