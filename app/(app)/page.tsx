import { redirect } from 'next/navigation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { visibleNavItems } from '@/lib/auth/navigation';
import { getServerT } from '@/app/_server/i18n';

/** Home: the first section the user may see. */
export default async function HomePage() {
  const { access } = await requireSignedIn();
  const [first] = visibleNavItems(access);
  if (first) redirect(first.href);
  const t = await getServerT();
  return <h1>{t('common.home')}</h1>;
}
