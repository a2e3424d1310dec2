import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '../../db';
import { config } from '../config';
import { clientIp } from './client-ip';
import { checkCredentials } from './credentials';

const sessionMaxAgeSeconds = () => config().SESSION_MAX_AGE_HOURS * 3600;

// Read lazily, once the start-up code checked the configuration and, when NEXTAUTH_SECRET is
// not set, filled it from the database.
export const authOptions: AuthOptions = {
  get secret() {
    return config().NEXTAUTH_SECRET;
  },
  get session() {
    return { strategy: 'jwt' as const, maxAge: sessionMaxAgeSeconds() };
  },
  get jwt() {
    return { maxAge: sessionMaxAgeSeconds() };
  },
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
    // The user's session version at sign-in travels in the token; getCurrentUser compares it
    // with the database on every request (lib/auth/session.ts).
    jwt({ token, user }) {
      if (user) token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) {
        Object.assign(session.user, { id: token.sub, sv: typeof token.sv === 'number' ? token.sv : 0 });
      }
      return session;
    },
  },
};
