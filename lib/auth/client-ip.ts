/**
 * The address a sign-in attempt is counted against. `X-Forwarded-For` and `X-Real-IP` are written
 * by whoever sends the request, so they are believed only as far as the operator says proxies
 * stand in front of the application (TRUSTED_PROXY_HOPS, default 0: the socket's own address).
 */

import { config } from '../config';

/** Set on every request by installSocketAddressHeader (lib/auth/socket-address.ts); never the client's. */
export const SOCKET_ADDRESS_HEADER = 'x-contacts-socket-address';

export function trustedProxyHops(): number {
  return config().TRUSTED_PROXY_HOPS;
}

type HeaderBag = Record<string, unknown> | Headers | undefined;

function header(headers: HeaderBag, name: string): string {
  if (!headers) return '';
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '').trim();
}

/**
 * With N trusted proxies, each appends the address it received the request from to
 * X-Forwarded-For, and the socket address is the last proxy's: the client is the address N
 * places from the end of `X-Forwarded-For + socket`. Anything further left was written by the
 * client and is ignored.
 */
export function clientIp(headers: HeaderBag, hops = trustedProxyHops()): string {
  const socket = header(headers, SOCKET_ADDRESS_HEADER);
  if (hops === 0) return socket;
  const forwarded = header(headers, 'x-forwarded-for').split(',').map((part) => part.trim()).filter(Boolean);
  if (forwarded.length === 0) return header(headers, 'x-real-ip') || socket;
  const chain = socket ? [...forwarded, socket] : forwarded;
  return chain[Math.max(0, chain.length - 1 - hops)];
}
