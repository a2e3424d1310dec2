import { getServerT } from '@/app/_server/i18n';

/** Shown in place of a page the user may not see; the server rendered nothing of its data. */
export async function Forbidden() {
  const t = await getServerT();
  return (
    <section aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">{t('common.forbiddenTitle')}</h1>
      <p>{t('common.forbiddenBody')}</p>
    </section>
  );
}
