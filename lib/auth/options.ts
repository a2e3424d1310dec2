import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '../../db';
import { checkCredentials } from './credentials';

const SESSION_MAX_AGE_SECONDS = Number(process.env.SESSION_MAX_AGE_HOURS ?? 8) * 3600;

function clientIp(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0] : '';
  return (first || String(headers?.['x-real-ip'] ?? '')).trim();
}

export const authOptions: AuthOptions = {
  // Read lazily: the start-up code fills NEXTAUTH_SECRET from the database when it is not set.
  get secret() {
    return process.env.NEXTAUTH_SECRET;
  },
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'credentials',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        const result = await checkCredentials(await getDb(), credentials.email, credentials.password,
          clientIp(req?.headers as Record<string, unknown> | undefined));
        if (result.ok) return result.user;
        if (result.reason === 'rateLimited') throw new Error('rateLimited');
        return null;
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};
