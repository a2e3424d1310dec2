import { z } from 'zod';
import { decimalNumber, email, flag, mailbox, oneOf, text, url, wholeNumber } from './kinds';

/**
 * Every environment variable the application reads, with what it accepts and its default: the
 * one list (README's configuration table lists the same, a unit test compares them). Units are
 * those of the names (seconds, bytes); the code that uses a value converts it.
 */
export const configSchema = z.object({
  // Database
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  PGLITE_DATA_DIR: text().default('.data/pglite'),
  DATABASE_POOL_SIZE: wholeNumber({ min: 2, max: 1000 }).default(10),
  DATABASE_LOCK_TIMEOUT_SECONDS: decimalNumber({ min: 0 }).default(60),
  COPY_TIMEOUT_MS: wholeNumber({ min: 1000 }).default(120_000),

  // First administrator, sign-in and sessions
  ADMIN_EMAIL: email().default('admin@example.com'),
  ADMIN_PASSWORD: text().optional(),
  NEXTAUTH_SECRET: text().optional(),
  NEXTAUTH_URL: url(['http', 'https']).optional(),
  SESSION_MAX_AGE_HOURS: decimalNumber({ min: 0, above: true, max: 8760 }).default(8),
  BCRYPT_COST: wholeNumber({ min: 4, max: 31 }).default(12),
  TRUSTED_PROXY_HOPS: wholeNumber({ min: 0, max: 20 }).default(0),

  // Web server (read by `npm start` and Next.js as well; checked here with the rest)
  PORT: wholeNumber({ min: 1, max: 65535 }).default(3000),
  HOSTNAME: text().default('0.0.0.0'),

  // Uploads and retention
  UPLOAD_MAX_BYTES: wholeNumber({ min: 1 }).default(1024 ** 3),
  UPLOAD_QUOTA_BYTES: wholeNumber({ min: 1 }).default(5 * 1024 ** 3),
  UPLOAD_RETENTION_HOURS: decimalNumber({ min: 0, above: true }).default(24),
  JOB_FILE_RETENTION_DAYS: decimalNumber({ min: 0, above: true }).default(30),

  // Imports
  IMPORT_BATCH_SIZE: wholeNumber({ min: 1, max: 100_000 }).optional(),
  IMPORT_STAGE_BATCH: wholeNumber({ min: 1, max: 100_000 }).default(5000),
  IMPORT_DIVISION_WAIT_SECONDS: decimalNumber({ min: 0, above: true }).default(3600),
  IMPORT_ERROR_ROW_MAX_CHARS: wholeNumber({ min: 1024 }).default(32_768),
  IMPORT_PHASE_TIMES: flag().default(false),
  IMPORT_WATCH_DIR: text().optional(),
  IMPORT_WATCH_INTERVAL_MS: wholeNumber({ min: 100 }).default(2000),
  API_RATE_LIMIT_PER_MINUTE: wholeNumber({ min: 1 }).default(600),

  // Jobs
  RUN_WORKER: oneOf(['0', '1']).optional(),
  DISABLE_IN_PROCESS_WORKER: flag().default(false),
  JOB_CONCURRENCY: wholeNumber({ min: 1, max: 64 }).default(1),
  JOB_POLLING_SECONDS: decimalNumber({ min: 0.5, max: 3600 }).default(1),
  JOB_STALE_SECONDS: decimalNumber({ min: 1, max: 86_400 }).default(60),
  JOB_HEARTBEAT_SECONDS: decimalNumber({ min: 0.1, max: 3600 }).default(5),
  // pg-boss refuses an expiry of a day or more.
  JOB_EXPIRE_SECONDS: wholeNumber({ min: 60, max: 23 * 3600 }).default(4 * 3600),
  JOB_POOL_SIZE: wholeNumber({ min: 2, max: 100 }).default(4),
  IMPORT_HEAP_GROWTH_PERCENT: wholeNumber({ min: 0, max: 10_000 }).default(100),
  JOB_WORKER_NICE: wholeNumber({ min: 0, max: 19 }).default(10),

  // E-mail when a job ends (lib/notifications/email): off while SMTP_URL is unset
  SMTP_URL: url(['smtp', 'smtps']).optional(),
  SMTP_FROM: mailbox().optional(),
}).superRefine((settings, context) => {
  if (settings.SMTP_URL && !settings.SMTP_FROM) {
    context.addIssue({ code: 'custom', path: ['SMTP_FROM'], message: 'set when SMTP_URL is set (the sender of job e-mails)' });
  }
});

export type AppConfig = z.output<typeof configSchema>;
export type ConfigVariable = keyof AppConfig;
export const CONFIG_VARIABLES = Object.keys(configSchema.shape) as ConfigVariable[];

/** Values never echoed in an error: they may hold a password. */
export const SECRET_VARIABLES: ReadonlySet<ConfigVariable> = new Set(['DATABASE_URL', 'ADMIN_PASSWORD', 'NEXTAUTH_SECRET', 'SMTP_URL']);

/** Defaults that depend on the database driver (the schema leaves these unset). */
export const DRIVER_DEFAULTS = {
  // PGlite has a single connection: smaller batches keep the app answering during an import.
  IMPORT_BATCH_SIZE: { postgres: 5000, pglite: 1000 },
} as const satisfies Partial<Record<ConfigVariable, { postgres: number; pglite: number }>>;
