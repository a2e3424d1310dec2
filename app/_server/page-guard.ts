import { redirect } from 'next/navigation';
import { getCurrentUser, type CurrentUser } from '../../lib/auth/session';

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireSignedIn(): Promise<CurrentUser> {
  const current = await getCurrentUser();
  if (!current) redirect('/signin');
  return current;
}
