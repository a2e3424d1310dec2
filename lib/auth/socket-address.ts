import { Server, type IncomingMessage } from 'node:http';
import { SOCKET_ADDRESS_HEADER } from './client-ip';

const installed = Symbol.for('contacts-bulk-import.socket-address-header');

/**
 * Next.js hands route handlers no socket address (it only fills X-Forwarded-For when the client
 * did not send one). This writes the address of the connection into a header of every request the
 * Node.js HTTP server receives, replacing any value the client sent, so the sign-in throttle can
 * count by the real peer (lib/auth/client-ip.ts). Called once at start-up (instrumentation.ts).
 */
export function installSocketAddressHeader(): void {
  const proto = Server.prototype as unknown as Record<symbol, unknown> & { emit: (event: string, ...args: unknown[]) => boolean };
  if (proto[installed]) return;
  proto[installed] = true;
  const emit = proto.emit;
  proto.emit = function emitWithSocketAddress(this: Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as IncomingMessage;
      request.headers[SOCKET_ADDRESS_HEADER] = request.socket?.remoteAddress ?? '';
    }
    return emit.call(this, event, ...args);
  };
}
