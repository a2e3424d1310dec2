import type { Locale } from '../../i18n/config';
import { getTranslator } from '../../i18n/translator';
import { jobErrorMessage } from '../../import/jobs/job-errors';

/** What an e-mail about a job that ended says; read from the job once its final state is committed. */
export interface JobEmailFacts {
  jobId: string;
  /** The job's description, else its file's name. */
  title: string;
  fileName: string | null;
  status: 'completed' | 'failed';
  counters: { rowsInFile: number; imported: number; notImported: number; skipped: number; repeatedRows: number };
  /** A failed job's code: its message is translated, the database's text is never shown. */
  errorCode: string | null;
  /** The job page's absolute address; null when no public URL is configured. */
  jobUrl: string | null;
  /** Why this address gets it: the requester's own import, or an address the profile lists. */
  reason: { kind: 'requester' } | { kind: 'profile'; profileName: string };
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A subject line cannot hold a line break; a long title is cut. */
const oneLine = (value: string, max = 150) => {
  const flat = value.replace(/[\r\n\t]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/**
 * The e-mail about a job that completed or failed, in `locale`: subject, plain text and the same
 * in simple HTML (every value escaped). Pure: no database, no network.
 */
export function composeJobEmail(facts: JobEmailFacts, locale: Locale): ComposedEmail {
  const t = getTranslator(locale);
  const number = new Intl.NumberFormat(locale);
  const title = oneLine(facts.title) || facts.jobId;
  const subject = t(facts.status === 'completed' ? 'email.job.subjectCompleted' : 'email.job.subjectFailed', { title });
  const lead = t(facts.status === 'completed' ? 'email.job.leadCompleted' : 'email.job.leadFailed', { title });

  const rows: [string, string][] = [];
  if (facts.fileName) rows.push([t('email.job.file'), facts.fileName]);
  rows.push([t('email.job.status'), t(facts.status === 'completed' ? 'email.job.statusCompleted' : 'email.job.statusFailed')]);
  rows.push([t('email.job.rowsInFile'), number.format(facts.counters.rowsInFile)]);
  rows.push([t('email.job.imported'), number.format(facts.counters.imported)]);
  rows.push([t('email.job.notImported'), number.format(facts.counters.notImported)]);
  if (facts.counters.skipped > 0) rows.push([t('email.job.skipped'), number.format(facts.counters.skipped)]);
  if (facts.counters.repeatedRows > 0) rows.push([t('email.job.repeatedRows'), number.format(facts.counters.repeatedRows)]);
  if (facts.status === 'failed') rows.push([t('email.job.failure'), jobErrorMessage(facts.errorCode, locale)]);

  const link = facts.jobUrl ? t('email.job.link', { url: facts.jobUrl }) : null;
  const footer = facts.reason.kind === 'requester'
    ? t('email.job.footerRequester')
    : t('email.job.footerProfile', { profile: oneLine(facts.reason.profileName) });

  const text = [
    lead, '',
    ...rows.map(([label, value]) => t('email.job.fact', { label, value })),
    ...(link ? ['', link] : []),
    '', '--', footer, '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(lead)}</p>`,
    '<table>',
    ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    ...(facts.jobUrl ? [`<p><a href="${escapeHtml(facts.jobUrl)}">${escapeHtml(t('email.job.linkText'))}</a></p>`] : []),
    `<p style="color:#666">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
