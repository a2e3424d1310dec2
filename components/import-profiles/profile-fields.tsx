import type { ImportProfileDetails } from '@/db/queries/import-profiles';
import { fieldLabel } from '@/components/import/wizard/settings/field-label';
import { SELECTABLE_FIELD_KEYS } from '@/lib/import/rows/fields';
import { isKnownTarget } from '@/lib/import/wizard/fields';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';

/** The fields a profile imports, and the column mappings it remembers (field ← CSV header). */
export async function ProfileFields({ profile }: { profile: ImportProfileDetails }) {
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const label = (target: string) => (isKnownTarget(target) ? fieldLabel(t, target) : target);
  const collator = new Intl.Collator(locale);
  // The engine reads an empty list as "every contact field"; the catalogue's order is the wizard's.
  const imported = SELECTABLE_FIELD_KEYS.filter((key) => profile.importFields.includes(key));
  const mappings = Object.entries(profile.columnMapping)
    .filter(([, target]) => target !== '')
    .map(([column, target]) => ({ column, field: label(target) }))
    .sort((a, b) => collator.compare(a.field, b.field) || collator.compare(a.column, b.column));
  const leftOut = Object.entries(profile.columnMapping).filter(([, target]) => target === '').map(([column]) => column);

  return (
    <section aria-labelledby="profile-fields-title">
      <h2 id="profile-fields-title">{t('profilesPage.view.fieldsTitle')}</h2>
      <h3 id="profile-imported-title">{t('profilesPage.view.importFields')}</h3>
      {profile.importFields.length === 0 ? <p>{t('profilesPage.view.allFields')}</p> : (
        <ul className="field-list" aria-labelledby="profile-imported-title">
          {imported.map((key) => <li key={key}>{fieldLabel(t, key)}</li>)}
        </ul>
      )}
      <p className="muted field-hint">{t('profilesPage.view.alwaysRead')}</p>
      <h3 id="profile-mappings-title">{t('profilesPage.view.mappingsTitle')}</h3>
      <p className="muted field-hint">{t('profilesPage.view.mappingsHint')}</p>
      {mappings.length === 0 ? <p>{t('profilesPage.view.mappingsEmpty')}</p> : (
        <table className="table mappings-table" aria-labelledby="profile-mappings-title">
          <thead>
            <tr>
              <th scope="col">{t('profilesPage.view.mappingField')}</th>
              <th scope="col">{t('profilesPage.view.mappingColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {mappings.map(({ column, field }) => (
              <tr key={column}>
                <th scope="row">{field}</th>
                <td><span aria-hidden="true">← </span>{column}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {leftOut.length > 0 && <p className="muted">{t('profilesPage.view.leftOut', { columns: leftOut.join(', ') })}</p>}
    </section>
  );
}
