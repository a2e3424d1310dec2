import { Fragment, type ReactNode } from 'react';
import type { ImportProfileDetails } from '@/db/queries/import-profiles';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { countryName } from '@/lib/import-profiles/countries';
import { MATCH_IDENTIFIERS } from '@/lib/import/rows/fields';
import { isTextEncoding } from '@/lib/import/upload/encoding/encodings';
import { LOAD_TYPES, MERGE_MODES } from '@/lib/import-profiles/schemas';
import { ProfileFields } from './profile-fields';

type Fact = [term: string, value: ReactNode];

// A value outside these lists (a row written by hand) is shown as stored rather than as a missing key.
const isOneOf = (values: readonly string[], value: string) => values.includes(value);

/** Terms and their values (ARIA forbids naming a definition: the term before it is its label). */
function Facts({ facts }: { facts: Fact[] }) {
  return (
    <dl className="details">
      {facts.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

const Explained = ({ value, hint }: { value: ReactNode; hint: string }) => (
  <><div>{value}</div><p className="muted field-hint">{hint}</p></>
);

/** Whose rights the folder imports use, and what that means for whoever can write to the folder. */
function automationUser(profile: ImportProfileDetails, t: Awaited<ReturnType<typeof getServerT>>) {
  if (!profile.automationUserId) {
    return <Explained value={<span className="muted">{t('profilesPage.automation.nobody')}</span>}
      hint={t('profilesPage.automation.explainedNobody')} />;
  }
  const name = profile.automationUserName ?? t('profilesPage.view.unknownUser');
  return <Explained value={name} hint={t('profilesPage.automation.explained', { name })} />;
}

/** Every setting of a profile in words, in the reader's language. */
export async function ProfileSettings({ profile }: { profile: ImportProfileDetails }) {
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const date = (value: Date) => (
    <time dateTime={value.toISOString()}>
      {new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(value)}
    </time>
  );
  const none = <span className="muted">{t('common.none')}</span>;
  const identifiers = profile.matchBy.filter((id) => isOneOf(MATCH_IDENTIFIERS, id));
  const source = profile.externalSourceName === null ? none : (
    <>{profile.externalSourceName}{profile.externalSourceActive === false && <> <span className="badge">{t('profilesPage.view.inactiveSource')}</span></>}</>
  );

  const settings: Fact[] = [
    [t('profiles.columns.externalSource'), source],
    [t('profiles.columns.matchBy'), <Explained key="m" hint={t('profilesPage.view.matchByHint')} value={identifiers.length === 0 ? none : (
      <ol className="inline-list">{identifiers.map((id) => <li key={id}>{t(`profiles.identifiers.${id}`)}</li>)}</ol>
    )} />],
    [t('profiles.columns.mergeMode'), isOneOf(MERGE_MODES, profile.mergeMode)
      ? <Explained value={t(`profiles.mergeModes.${profile.mergeMode}`)} hint={t(`profilesPage.mergeModeHints.${profile.mergeMode}`)} />
      : profile.mergeMode],
    [t('profiles.columns.loadType'), isOneOf(LOAD_TYPES, profile.loadType)
      ? <Explained value={t(`profiles.loadTypes.${profile.loadType}`)} hint={t(`wizardSettings.loadType.hints.${profile.loadType}`)} />
      : profile.loadType],
    ...(['unmatchedRows', 'matchedRows'] as const).map((kind): Fact => [t(`profiles.rowActions.${kind}.label`),
      <Explained key={kind} value={t(`profiles.rowActions.${kind}.${profile[kind]}`)}
        hint={t(`profiles.rowActions.${kind}.${profile[kind]}Hint`)} />]),
    [t('profilesPage.view.defaultCountry'), <Explained key="c" hint={t('profilesPage.view.defaultCountryHint')}
      value={t('profilesPage.view.defaultCountryValue', { name: countryName(profile.defaultCountry, locale), code: profile.defaultCountry })} />],
    [t('profilesPage.view.emptyCells'), profile.emptyCellsClear
      ? <Explained value={t('profilesPage.emptyCellsRules.clear')} hint={t('profilesPage.emptyCellsRules.clearHint')} />
      : <Explained value={t('profilesPage.emptyCellsRules.keep')} hint={t('profilesPage.emptyCellsRules.keepHint')} />],
    [t('profilesPage.view.defaultDivision'), profile.defaultDivisionName
      ?? <span className="muted">{t('profilesPage.view.noDefaultDivision')}</span>],
    [t('profilesPage.view.automationUser'), automationUser(profile, t)],
    [t('profiles.encoding.label'), isTextEncoding(profile.encoding)
      ? t(`encodings.${profile.encoding}`) : <span className="muted">{t('profiles.encoding.detect')}</span>],
    [t('profilesPage.notifyEmails.label'), profile.notifyEmails.length === 0
      ? <span className="muted">{t('profilesPage.notifyEmails.none')}</span>
      : <ul className="inline-list">{profile.notifyEmails.map((address) => <li key={address}>{address}</li>)}</ul>],
  ];
  const history: Fact[] = [
    [t('profilesPage.view.createdBy'), profile.createdByName ?? <span className="muted">{t('profilesPage.view.unknownUser')}</span>],
    [t('profilesPage.view.createdAt'), date(profile.createdAt)],
    [t('profilesPage.view.updatedAt'), date(profile.updatedAt)],
  ];

  return (
    <>
      <section aria-labelledby="profile-settings-title">
        <h2 id="profile-settings-title">{t('profilesPage.view.settings')}</h2>
        <Facts facts={settings} />
      </section>
      <ProfileFields profile={profile} />
      <section aria-labelledby="profile-history-title">
        <h2 id="profile-history-title">{t('profilesPage.view.historyTitle')}</h2>
        <Facts facts={history} />
      </section>
    </>
  );
}
