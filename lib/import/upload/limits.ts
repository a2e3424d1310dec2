import { config, type AppConfig } from '../../config';

/** Size of one stored piece of a file (one `upload_chunks` row). */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * The longest record (row) accepted. A contact row is a few KB; a record this long is almost
 * always a missing closing quote swallowing the rest of the file, and reading it back would need
 * the whole run in memory.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** The upload size cap: `UPLOAD_MAX_BYTES` (default 1 GiB). */
export function uploadMaxBytes(settings: AppConfig = config()): number {
  return settings.UPLOAD_MAX_BYTES;
}

/** A byte count in MB (MiB) as shown to people: whole when large, two decimals when tiny. */
export function toMegabytes(bytes: number): number {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? Math.floor(mb) : Math.round(mb * 100) / 100;
}

/** A byte count in KB (KiB), at least 1, for messages. */
export function toKilobytes(bytes: number): number {
  return Math.max(1, Math.round(bytes / 1024));
}

/**
 * The most one user's files may take in storage (accepted uploads whose content was not deleted
 * yet): `UPLOAD_QUOTA_BYTES` (default 5 GiB).
 */
export function uploadQuotaBytes(settings: AppConfig = config()): number {
  return settings.UPLOAD_QUOTA_BYTES;
}
