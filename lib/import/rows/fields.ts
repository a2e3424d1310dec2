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
  /**
   * The column written by this field, if any: of the contacts table for a contact field, of
   * external_organizations for an organization field.
   */
  column?: string;
}

const field = <K extends string>(key: K, header: string, kind: FieldKind, maxLength: number, aliases: string[], column?: string) =>
  ({ key, header, kind, maxLength, aliases, column }) satisfies FieldDefinition;
const contactField = <K extends string>(key: K, header: string, kind: FieldKind, maxLength: number, aliases: string[], column: string) =>
  ({ key, header, kind, maxLength, aliases, column }) satisfies FieldDefinition;

const organizationField = contactField;

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
  contactField('state', 'State', 'text', 1000, ['État', 'Région', 'Province', 'State/Province', 'État/Province'], 'state'),
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

/**
 * The organization's own details (SPEC section 2), written with the organization the row names
 * by its External Organization External ID. Their aliases always say whose they are
 * ("Organization Phone", "Site web de l'organisation"): a bare "Website" or "Industry" column
 * mapped to them would fail every row of a file that names no organization.
 */
export const ORGANIZATION_FIELDS = [
  organizationField('organizationPhone', 'External Organization Phone', 'phone', 1000,
    ["Téléphone de l'organisation externe", "Téléphone de l'organisation", 'Organization Phone', 'Organisation Phone', 'Téléphone de la société'], 'phone'),
  organizationField('organizationAddressLine1', 'External Organization Address Line 1', 'text', 1000,
    ["Adresse ligne 1 de l'organisation externe", "Adresse de l'organisation", 'Organization Address Line 1', 'Organization Address', 'Organisation Address', 'Adresse de la société'], 'address_line1'),
  organizationField('organizationAddressLine2', 'External Organization Address Line 2', 'text', 1000,
    ["Adresse ligne 2 de l'organisation externe", "Adresse ligne 2 de l'organisation", 'Organization Address Line 2', 'Organisation Address Line 2'], 'address_line2'),
  organizationField('organizationCity', 'External Organization City', 'text', 1000,
    ["Ville de l'organisation externe", "Ville de l'organisation", 'Organization City', 'Organisation City', 'Ville de la société'], 'city'),
  organizationField('organizationState', 'External Organization State', 'text', 1000,
    ["État/Province de l'organisation externe", "Région de l'organisation", 'Organization State', 'Organisation State', 'Organization State/Province'], 'state'),
  organizationField('organizationPostalCode', 'External Organization Postal Code', 'text', 1000,
    ["Code postal de l'organisation externe", "Code postal de l'organisation", 'Organization Postal Code', 'Organisation Postal Code', 'Organization ZIP code'], 'postal_code'),
  organizationField('organizationCountryCode', 'External Organization Country Code', 'country', 1000,
    ["Code pays de l'organisation externe", "Pays de l'organisation", 'Organization Country Code', 'Organisation Country Code', 'Organization Country'], 'country_code'),
  organizationField('organizationWebsite', 'External Organization Website', 'url', 1000,
    ["Site web de l'organisation externe", "Site web de l'organisation", "Site internet de l'organisation", 'Organization Website', 'Organisation Website', 'Company Website', 'Site web de la société'], 'website'),
  organizationField('organizationIndustry', 'External Organization Industry', 'text', 1000,
    ["Secteur d'activité de l'organisation externe", "Secteur d'activité de l'organisation", 'Organization Industry', 'Organisation Industry', 'Company Industry', "Secteur d'activité de la société"], 'industry'),
] as const satisfies readonly FieldDefinition[];

export const ALL_FIELDS: readonly FieldDefinition[] = [...CONTROL_FIELDS, ...CONTACT_FIELDS, ...ORGANIZATION_FIELDS];
export type ContactFieldKey = (typeof CONTACT_FIELDS)[number]['key'];
export type ControlFieldKey = (typeof CONTROL_FIELDS)[number]['key'];
export type OrganizationFieldKey = (typeof ORGANIZATION_FIELDS)[number]['key'];
export type FieldKey = ContactFieldKey | ControlFieldKey | OrganizationFieldKey;

export const CONTACT_FIELD_KEYS: readonly ContactFieldKey[] = CONTACT_FIELDS.map((f) => f.key);
export const ORGANIZATION_FIELD_KEYS: readonly OrganizationFieldKey[] = ORGANIZATION_FIELDS.map((f) => f.key);
/**
 * The fields a profile's "Fields to import" lists, each imported or not: the contact's and the
 * organization's details. An empty list imports them all. The other fields (External ID, the
 * organization's ID and name, Deleted, `Custom:`) are read whenever they have a column.
 */
export const SELECTABLE_FIELD_KEYS: readonly (ContactFieldKey | OrganizationFieldKey)[] = [...CONTACT_FIELD_KEYS, ...ORGANIZATION_FIELD_KEYS];
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
