import { Fragment, type ReactNode } from 'react';
import type { ExternalOrganization } from '@/db/schema';
import { getServerT } from '@/app/_server/i18n';
import { DetailsList } from './details-list';

const isWebLink = (value: string) => /^https?:\/\//i.test(value);

/** The address as written on an envelope: street lines, then postal code and city, then state. */
function addressLines(organization: ExternalOrganization): string[] {
  const { addressLine1, addressLine2, postalCode, city, state } = organization;
  const town = [postalCode, city].filter(Boolean).join(' ');
  return [addressLine1, addressLine2, town, state].filter((line): line is string => !!line);
}

/** The contact's external organization: its name and the details an import or the API gave it. */
export async function OrganizationBlock({ organization }: { organization: ExternalOrganization }) {
  const t = await getServerT();
  const rows: [string, ReactNode][] = [[t('contacts.organizationBlock.name'), organization.name]];
  const add = (key: string, value: ReactNode) => rows.push([t(`contacts.organizationBlock.${key}`), value]);
  if (organization.phone) add('phone', organization.phone);
  const address = addressLines(organization);
  if (address.length > 0) add('address', address.map((line, i) => <Fragment key={i}>{i > 0 && <br />}{line}</Fragment>));
  if (organization.countryCode) add('countryCode', organization.countryCode);
  const { website } = organization;
  if (website) add('website', isWebLink(website) ? <a href={website} rel="noopener noreferrer" target="_blank">{website}</a> : website);
  if (organization.industry) add('industry', organization.industry);

  return (
    <section aria-labelledby="organization-title">
      <h2 id="organization-title">{t('contacts.organizationBlock.title')}</h2>
      <DetailsList rows={rows} />
    </section>
  );
}
