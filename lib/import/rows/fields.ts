/**
 * The target fields of an import row: the columns of a contact (SPEC section 2), its
 * organization, and the control columns (External ID, Country Code, Deleted). Each has its
 * default header (English, as Genesys names them) and the French and other aliases that are
 * recognised when a file is mapped automatically.
 */
export type FieldKind = 'text' | 'email' | 'phone' | 'boolean' | 'url' | 'timestamp' | 'country';

export interface FieldDefinition {
  key: string;
  header: string;
  aliases: readonly string[];
  kind: FieldKind;
  maxLength: number;
  /** The contacts table column written by this field, if any. */
  column?: string;
}

const field = <K extends string>(key: K, header: string, kind: FieldKind, maxLength: number, aliases: string[], column?: string) =>
  ({ key, header, kind, maxLength, aliases, column }) satisfies FieldDefinition;
const contactField = <K extends string>(key: K, header: string, kind: FieldKind, maxLength: number, aliases: string[], column: string) =>
  ({ key, header, kind, maxLength, aliases, column }) satisfies FieldDefinition;

export const CONTACT_FIELDS = [
  contactField('firstName', 'First Name', 'text', 1000, ['Prénom', 'Given name', 'Firstname'], 'first_name'),
  contactField('middleName', 'Middle Name', 'text', 1000, ['Deuxième prénom', 'Second prénom'], 'middle_name'),
  contactField('lastName', 'Last Name', 'text', 1000, ['Nom', 'Nom de famille', 'Surname', 'Family name', 'Lastname'], 'last_name'),
  contactField('salutation', 'Salutation', 'text', 1000, ['Civilité', 'Formule de politesse'], 'salutation'),
  contactField('title', 'Title', 'text', 1000, ['Titre', 'Fonction', 'Job title', 'Intitulé du poste'], 'title'),
  contactField('workPhone', 'Work Phone', 'phone', 1000, ['Téléphone professionnel', 'Téléphone travail', 'Business phone', 'Phone', 'Téléphone', 'Tél'], 'work_phone'),
  contactField('cellPhone', 'Cell Phone', 'phone', 1000, ['Téléphone mobile', 'Mobile', 'Portable', 'Mobile phone', 'Cellulaire', 'Téléphone portable', 'Cell', 'GSM'], 'cell_phone'),
  contactField('homePhone', 'Home Phone', 'phone', 1000, ['Téléphone domicile', 'Téléphone personnel'], 'home_phone'),
  contactField('otherPhone', 'Other Phone', 'phone', 1000, ['Autre téléphone'], 'other_phone'),
  contactField('workEmail', 'Work Email', 'email', 256, ['Courriel professionnel', 'E-mail professionnel', 'Adresse e-mail professionnelle', 'Work e-mail', 'Email', 'Courriel', 'Adresse courriel', 'Mail', 'Email address'], 'work_email'),
  contactField('personalEmail', 'Personal Email', 'email', 256, ['Courriel personnel', 'E-mail personnel', 'Personal e-mail'], 'personal_email'),
  contactField('otherEmail', 'Other Email', 'email', 256, ['Autre courriel', 'Autre e-mail', 'Other e-mail'], 'other_email'),
  contactField('addressLine1', 'Address Line 1', 'text', 1000, ['Adresse ligne 1', 'Adresse 1', 'Adresse', 'Address 1'], 'address_line1'),
  contactField('addressLine2', 'Address Line 2', 'text', 1000, ['Adresse ligne 2', 'Adresse 2', 'Address 2'], 'address_line2'),
  contactField('city', 'City', 'text', 1000, ['Ville'], 'city'),
  contactField('state', 'State', 'text', 1000, ['État', 'Région', 'Province', 'State/Province'], 'state'),
  contactField('postalCode', 'Postal Code', 'text', 1000, ['Code postal', 'ZIP', 'ZIP code', 'Postcode'], 'postal_code'),
  contactField('countryCode', 'Country Code', 'country', 1000, ['Code pays', 'Pays', 'Country', 'Code ISO du pays', 'ISO country code'], 'country_code'),
  contactField('twitterId', 'Twitter ID', 'text', 1000, ['Identifiant Twitter', 'ID Twitter'], 'twitter_id'),
  contactField('whatsappId', 'WhatsApp ID', 'text', 1000, ['Identifiant WhatsApp', 'ID WhatsApp'], 'whatsapp_id'),
  contactField('facebookId', 'Facebook ID', 'text', 1000, ['Identifiant Facebook', 'ID Facebook'], 'facebook_id'),
  contactField('lineId', 'LINE ID', 'text', 1000, ['Identifiant LINE', 'ID LINE'], 'line_id'),
  contactField('instagramId', 'Instagram ID', 'text', 1000, ['Identifiant Instagram', 'ID Instagram'], 'instagram_id'),
  contactField('externalSystemUrl', 'External System URL', 'url', 1000, ['URL du système externe', 'External URL', 'URL externe'], 'external_system_url'),
  contactField('surveyOptOut', 'Survey Opt Out', 'boolean', 10, ['Refus des enquêtes', 'Désinscription des enquêtes'], 'survey_opt_out'),
  contactField('callable', 'Callable', 'boolean', 10, ['Appelable', 'Joignable'], 'callable'),
] as const satisfies readonly FieldDefinition[];

export const CONTROL_FIELDS = [
  field('externalId', 'External ID', 'text', 255, ['ID externe', 'Identifiant externe', 'Id']),
  field('organizationExternalId', 'External Organization External ID', 'text', 255,
    ["ID externe de l'organisation externe", "Identifiant externe de l'organisation", 'Organization External ID', 'External Organisation External ID', 'Organisation External ID']),
  field('organizationName', 'External Organization Name', 'text', 1000,
    ["Nom de l'organisation externe", "Nom de l'organisation", 'Organisation', 'Organization', 'Company', 'Société', 'Entreprise', 'Organization Name', 'Organisation Name', 'Company name', 'Raison sociale']),
  field('deleted', 'Deleted', 'timestamp', 20, ['Supprimé', 'Date de suppression', 'Deleted at', 'Supprimé le']),
] as const satisfies readonly FieldDefinition[];

export const ALL_FIELDS: readonly FieldDefinition[] = [...CONTROL_FIELDS, ...CONTACT_FIELDS];
export type ContactFieldKey = (typeof CONTACT_FIELDS)[number]['key'];
export type ControlFieldKey = (typeof CONTROL_FIELDS)[number]['key'];
export type FieldKey = ContactFieldKey | ControlFieldKey;

export const CONTACT_FIELD_KEYS: readonly ContactFieldKey[] = CONTACT_FIELDS.map((f) => f.key);
export const PHONE_FIELDS = ['workPhone', 'cellPhone', 'homePhone', 'otherPhone'] as const satisfies readonly ContactFieldKey[];
export const EMAIL_FIELDS = ['workEmail', 'personalEmail', 'otherEmail'] as const satisfies readonly ContactFieldKey[];

/** `Custom: Loyalty tier` columns fill custom field "Loyalty tier". */
export const CUSTOM_FIELD_PREFIX = /^\s*(custom|personnalisé)\s*:\s*/i;

const byKey = new Map(ALL_FIELDS.map((f) => [f.key, f]));
export function fieldDefinition(key: string): FieldDefinition | undefined {
  return byKey.get(key);
}

/** Identifiers a profile can match contacts by, in the order the profile lists them. */
export const MATCH_IDENTIFIERS = ['externalId', ...EMAIL_FIELDS, ...PHONE_FIELDS] as const;
export type MatchIdentifier = (typeof MATCH_IDENTIFIERS)[number];
export const MAX_EXTERNAL_IDS_PER_CONTACT = 10;
