import nodemailer, { type Transporter } from 'nodemailer';
import type { ComposedEmail } from './compose';

/**
 * Every wait of a send is bounded: connecting, the server's greeting, and silence on the socket.
 * A send that fails throws; the queue (lib/import/jobs/queue/email-queue.ts) retries it later.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

export interface MailSettings {
  /** smtp:// or smtps:// with the credentials, as SMTP_URL gives it. */
  url: string;
  from: string;
}

// One pool-less transport per URL and process: nodemailer opens a connection per message.
const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url, { ...SMTP_TIMEOUTS, dnsTimeout: SMTP_TIMEOUTS.connectionTimeout });
    transports.set(url, transport);
  }
  return transport;
}

/** Sends one e-mail to one address; throws on refusal, network error or timeout. */
export async function sendEmail(settings: MailSettings, to: string, email: ComposedEmail): Promise<void> {
  await transportFor(settings.url).sendMail({
    from: settings.from, to, subject: email.subject, text: email.text, html: email.html,
  });
}

/**
 * An error's description for the server log without secrets: its code and message with the SMTP
 * URL's password (and user) taken out, cut short. Never the URL itself.
 */
export function describeSendError(error: unknown, url: string): string {
  const code = (error as { code?: unknown }).code;
  let message = error instanceof Error ? error.message : String(error);
  try {
    const parsed = new URL(url);
    for (const secret of [parsed.password, decodeURIComponent(parsed.password), parsed.username]) {
      if (secret.length >= 3) message = message.split(secret).join('***');
    }
  } catch {
    // SMTP_URL was validated at start-up; nothing to take out of a URL that does not parse.
  }
  message = message.replace(/[\r\n]+/g, ' ').slice(0, 300);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
