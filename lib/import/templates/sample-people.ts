import type { Locale } from '../../i18n/config';
import type { FieldKey } from '../rows/fields';

/** A phone as written in its country, and with its country code for a file without Country Code. */
export interface SamplePhone { national: string; international: string }

/** One example contact: text values by field key, phones in both forms. */
export type SamplePerson = Partial<Record<FieldKey, string | SamplePhone>>;

const phone = (national: string, international: string): SamplePhone => ({ national, international });

// Fictional people at fictional companies: e-mails and websites under example.com (reserved for
// examples), phones in ranges no one is given (US 555-01xx, UK Ofcom drama numbers) where the
// country has them. Every value passes the row rules, so a sample imports with no invalid row.
const NORTHWIND: SamplePerson = {
  organizationExternalId: 'SAMPLE-ORG-1', organizationName: 'Northwind Traders',
  organizationPhone: phone('(415) 555-0147', '+1 415 555 0147'), organizationAddressLine1: '500 Market Street',
  organizationCity: 'San Francisco', organizationState: 'CA', organizationPostalCode: '94105',
  organizationCountryCode: 'US', organizationWebsite: 'https://www.example.com/northwind', organizationIndustry: 'Wholesale',
};
const DUPONT: SamplePerson = {
  organizationExternalId: 'EXEMPLE-ORG-1', organizationName: 'Boulangeries Dupont SA',
  organizationPhone: phone('01 42 68 53 01', '+33 1 42 68 53 01'), organizationAddressLine1: '12 rue de la Paix',
  organizationCity: 'Paris', organizationState: 'Île-de-France', organizationPostalCode: '75002',
  organizationCountryCode: 'FR', organizationWebsite: 'https://www.example.com/dupont', organizationIndustry: 'Agroalimentaire',
};

const ENGLISH: readonly SamplePerson[] = [
  {
    externalId: 'SAMPLE-001', salutation: 'Ms.', firstName: 'Emma', middleName: 'Grace', lastName: 'Johnson',
    title: 'Purchasing Manager', workPhone: phone('(415) 555-0100', '+1 415 555 0100'),
    cellPhone: phone('(415) 555-0199', '+1 415 555 0199'), workEmail: 'emma.johnson@example.com',
    personalEmail: 'emma.g.johnson@example.net', addressLine1: '500 Market Street', addressLine2: 'Suite 300',
    city: 'San Francisco', state: 'CA', postalCode: '94105', countryCode: 'US', twitterId: 'emmajohnson',
    externalSystemUrl: 'https://crm.example.com/contacts/SAMPLE-001', surveyOptOut: 'false', callable: 'true',
    ...NORTHWIND,
  },
  {
    externalId: 'SAMPLE-002', salutation: 'Mr.', firstName: 'Oliver', lastName: 'Smith', title: 'Store Manager',
    workPhone: phone('020 7946 0958', '+44 20 7946 0958'), workEmail: 'oliver.smith@example.com',
    addressLine1: '10 High Street', city: 'Birmingham', postalCode: 'B4 7SL', countryCode: 'GB',
    surveyOptOut: 'true', callable: 'true',
    organizationExternalId: 'SAMPLE-ORG-2', organizationName: 'Contoso Retail Ltd',
    organizationPhone: phone('0121 496 0000', '+44 121 496 0000'), organizationAddressLine1: '10 High Street',
    organizationCity: 'Birmingham', organizationPostalCode: 'B4 7SL', organizationCountryCode: 'GB',
    organizationWebsite: 'https://www.example.com/contoso', organizationIndustry: 'Retail',
  },
  {
    externalId: 'SAMPLE-003', firstName: 'Ava', lastName: 'Williams', title: 'Buyer',
    workPhone: phone('(617) 555-0142', '+1 617 555 0142'), workEmail: 'ava.williams@example.com',
    otherEmail: 'buying@example.com', city: 'Boston', state: 'MA', postalCode: '02110', countryCode: 'US', callable: 'false',
    // The first row's organization again, with all its details: under a profile whose empty
    // cells clear, empty details here would erase what the first row wrote.
    ...NORTHWIND,
  },
];

const FRENCH: readonly SamplePerson[] = [
  {
    externalId: 'EXEMPLE-001', salutation: 'Mme', firstName: 'Camille', middleName: 'Anne', lastName: 'Martin',
    title: 'Responsable des achats', workPhone: phone('01 42 68 53 00', '+33 1 42 68 53 00'),
    cellPhone: phone('06 12 34 56 78', '+33 6 12 34 56 78'), workEmail: 'camille.martin@example.com',
    personalEmail: 'camille.martin.perso@example.net', addressLine1: '12 rue de la Paix', addressLine2: 'Bâtiment B',
    city: 'Paris', state: 'Île-de-France', postalCode: '75002', countryCode: 'FR', twitterId: 'camillemartin',
    externalSystemUrl: 'https://crm.example.com/contacts/EXEMPLE-001', surveyOptOut: 'non', callable: 'oui',
    ...DUPONT,
  },
  {
    externalId: 'EXEMPLE-002', salutation: 'M.', firstName: 'Julien', lastName: 'Lefèvre', title: 'Directeur de magasin',
    workPhone: phone('04 78 42 10 10', '+33 4 78 42 10 10'), workEmail: 'julien.lefevre@example.com',
    addressLine1: '8 place Bellecour', city: 'Lyon', state: 'Auvergne-Rhône-Alpes', postalCode: '69002', countryCode: 'FR',
    surveyOptOut: 'oui', callable: 'oui',
    organizationExternalId: 'EXEMPLE-ORG-2', organizationName: 'Fromagerie Lyonnaise SARL',
    organizationPhone: phone('04 78 42 10 11', '+33 4 78 42 10 11'), organizationAddressLine1: '8 place Bellecour',
    organizationCity: 'Lyon', organizationPostalCode: '69002', organizationCountryCode: 'FR',
    organizationWebsite: 'https://www.example.com/fromagerie', organizationIndustry: 'Commerce de détail',
  },
  {
    externalId: 'EXEMPLE-003', firstName: 'Élodie', lastName: 'Moreau', title: 'Acheteuse',
    workPhone: phone('05 56 00 66 00', '+33 5 56 00 66 00'), workEmail: 'elodie.moreau@example.com',
    otherEmail: 'achats@example.com', city: 'Bordeaux', state: 'Nouvelle-Aquitaine', postalCode: '33000', countryCode: 'FR',
    callable: 'non', ...DUPONT,
  },
];

export function samplePeople(locale: Locale): readonly SamplePerson[] {
  return locale === 'fr' ? FRENCH : ENGLISH;
}

/** The value of a custom field in the sample: the same in every row of a language. */
export function sampleCustomValue(locale: Locale, row: number): string {
  return locale === 'fr' ? `Exemple ${row + 1}` : `Example ${row + 1}`;
}
