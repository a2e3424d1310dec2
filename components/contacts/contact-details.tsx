import { Fragment, type ReactNode } from 'react';
import type { ContactDetail } from '@/db/queries/contacts';
import type { Contact } from '@/db/schema';
import { buildSourceLink } from '@/lib/sources/links';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { DetailsList } from './details-list';
import { OrganizationBlock } from './organization-block';

const PHONES = [
  ['workPhone', 'workPhoneDisplay'], ['cellPhone', 'cellPhoneDisplay'],
  ['homePhone', 'homePhoneDisplay'], ['otherPhone', 'otherPhoneDisplay'],
] as const satisfies readonly (readonly [keyof Contact, keyof Contact])[];

const TEXT_FIELDS = [
  'salutation', 'firstName', 'middleName', 'lastName', 'title',
] as const satisfies readonly (keyof Contact)[];

const MORE_TEXT_FIELDS = [
  'workEmail', 'personalEmail', 'otherEmail', 'addressLine1', 'addressLine2', 'city', 'state', 'postalCode',
  'countryCode', 'twitterId', 'whatsappId', 'facebookId', 'lineId', 'instagramId',
] as const satisfies readonly (keyof Contact)[];

const isWebLink = (value: string) => /^https?:\/\//i.test(value);

/** Every non-empty field of a contact as a definition list, then its organization and custom fields. */
export async function ContactDetails({ detail }: { detail: ContactDetail }) {
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const { contact, organization, divisionName, externalIds } = detail;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
  const date = (value: Date) => <time dateTime={value.toISOString()}>{dateFormat.format(value)}</time>;
  const rows: [string, ReactNode][] = [];
  const add = (field: string, value: ReactNode) => rows.push([t(`contacts.fields.${field}`), value]);

  for (const field of TEXT_FIELDS) if (contact[field]) add(field, contact[field]);
  for (const [field, display] of PHONES) {
    const e164 = contact[field];
    const shown = contact[display] || e164;
    if (!shown) continue;
    add(field, <>{shown}{e164 && e164 !== shown && <span className="muted"> ({t('contacts.e164', { value: e164 })})</span>}</>);
  }
  for (const field of MORE_TEXT_FIELDS) if (contact[field]) add(field, contact[field]);
  const url = contact.externalSystemUrl;
  if (url) add('externalSystemUrl', isWebLink(url) ? <a href={url} rel="noopener noreferrer" target="_blank">{url}</a> : url);
  if (contact.surveyOptOut !== null) add('surveyOptOut', t(contact.surveyOptOut ? 'common.yes' : 'common.no'));
  add('callable', t(contact.callable ? 'common.yes' : 'common.no'));
  add('division', divisionName);
  if (externalIds.length) {
    add('externalIds', (
      <ul className="plain-list">
        {externalIds.map(({ sourceName, uriTemplate, value }) => {
          const link = buildSourceLink(uriTemplate, value);
          return (
            <li key={`${sourceName}:${value}`}>
              {sourceName}: {link ? <a href={link} rel="noopener noreferrer" target="_blank">{value}</a> : value}
            </li>
          );
        })}
      </ul>
    ));
  }
  add('createdAt', date(contact.createdAt));
  add('modifiedAt', date(contact.modifiedAt));
  if (contact.deletedAt) add('deletedAt', date(contact.deletedAt));
  const custom = Object.entries(contact.customFields ?? {}).filter(([, value]) => value !== '' && value != null);

  return (
    <>
      <DetailsList rows={rows} />
      {organization && <OrganizationBlock organization={organization} />}
      {custom.length > 0 && (
        <section aria-labelledby="custom-fields-title">
          <h2 id="custom-fields-title">{t('contacts.customFields')}</h2>
          <dl className="details">
            {custom.map(([name, value]) => (
              <Fragment key={name}>
                <dt>{name}</dt>
                <dd>{String(value)}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}
    </>
  );
}
