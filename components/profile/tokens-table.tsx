import { getServerT } from '@/app/_server/i18n';
import type { TokenView } from '@/lib/tokens/view';
import { RevokeTokenButton } from './revoke-token-button';

interface Props {
  tokens: TokenView[];
  locale: string;
}

/** The user's tokens: what each may do, until when, when it was last used, and Revoke. */
export async function TokensTable({ tokens, locale }: Props) {
  const t = await getServerT();
  if (tokens.length === 0) return <p>{t('profile.tokens.empty')}</p>;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <table className="table">
      <caption className="visually-hidden">{t('profile.tokens.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('profile.tokens.columns.name')}</th>
          <th scope="col">{t('profile.tokens.columns.prefix')}</th>
          <th scope="col">{t('profile.tokens.columns.permissions')}</th>
          <th scope="col">{t('profile.tokens.columns.expires')}</th>
          <th scope="col">{t('profile.tokens.columns.lastUsed')}</th>
          <th scope="col">{t('common.status')}</th>
          <th scope="col">{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id}>
            <th scope="row">{token.name}</th>
            <td><code>{token.prefix}…</code></td>
            <td>
              {token.permissions === null ? t('profile.tokens.allPermissions') : (
                <ul className="inline-list">
                  {token.permissions.map((p) => <li key={p}>{t(`permissions.names.${p}`)}</li>)}
                </ul>
              )}
            </td>
            <td>{date.format(token.expiresAt)}</td>
            <td>{token.lastUsedAt ? date.format(token.lastUsedAt) : <span className="muted">{t('profile.tokens.never')}</span>}</td>
            <td>
              <span className={`badge${token.status === 'active' ? ' ok' : ''}`}>{t(`profile.tokens.status.${token.status}`)}</span>
              {token.revokedAt && <> {date.format(token.revokedAt)}</>}
            </td>
            <td>{token.status !== 'revoked' && <RevokeTokenButton token={{ id: token.id, name: token.name }} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
