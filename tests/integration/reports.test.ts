import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { auditLog, contacts, divisions, externalSources } from '@/db/schema';
import { executeOperation, type AnyOperation, type OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';
import { formatRowError } from '@/lib/import/rows/error-messages';
import { restoreCell } from '@/lib/import/jobs/reports/error-report';
import { getTranslator } from '@/lib/i18n/translator';
import { streamErrorReport, toUtf8Stream } from '@/lib/import/jobs/reports/error-report-stream';
import { listJobChanges, listJobErrors, openJobErrorReport } from '@/lib/import/jobs/reports/report-operations';
import { clearSource, countSourceContacts } from '@/lib/sources/clear-operations';
import { createActor } from '../support/fixtures';
import { importCsv } from '../support/import-pipeline';
import { createTestDatabase } from '../support/test-db';

const HEADER = 'External ID,First Name,Last Name,Work Email,Work Phone';
// Lines 3, 5 (two errors) and 8 are invalid; line 1 is the header.
const FIRST_FILE = [
  HEADER,
  'c-1,Ann,Lee,ann@example.test,',
  'c-2,Émile,Zola,"=HYPERLINK(""x"")",',
  'c-3,Bob,Ray,bob@example.test,',
  'c-4,Élodie,Façade,elodie@bad,123',
  'c-5,Carl,Noid,carl@example.test,',
  'c-6,Dana,Pike,dana@example.test,',
  'c-7,Ed,Bad,not-an-email,',
].join('\r\n');
const SECOND_FILE = [
  HEADER,
  'c-1,Ann,Lee-Smith,ann@example.test,',
  'c-3,Bob,Ray,bob@new.example.test,',
  'c-5,Carl,Noid,carl@example.test,',
].join('\r\n');

const VIEW: Permission = 'externalContacts:importJob:view';
const VIEW_ALL: Permission = 'externalContacts:importJob:viewAll';
const DELETE: Permission = 'externalContacts:contact:delete';
const SOURCE_EDIT: Permission = 'externalContacts:externalSource:edit';
const SOURCE_VIEW: Permission = 'externalContacts:externalSource:view';

let handle: DatabaseHandle;
let divisionA: string;
let divisionB: string;
let sourceId: string;
let otherSourceId: string;
let owner: OperationContext;
let firstJobId: string;
let secondJobId: string;

async function runImport(csv: string, divisionId: string, source: string) {
  const { job } = await importCsv(handle.db, { csv, divisionId, userId: owner.user.id, sourceId: source });
  if (!job) throw new Error('upload rejected');
  return job;
}

async function contactIdOf(externalId: string, source = sourceId): Promise<number> {
  const [row] = await queryRows<{ id: string | number }>(handle.db, sql`select contact_id as id
    from contact_external_ids where source_id = ${source} and value = ${externalId}`);
  return Number(row.id);
}

/** Every contact's deletion time and the audit rows: what a refused call must leave as it was. */
async function snapshot(): Promise<string> {
  const rows = await queryRows<{ id: string; deleted: string | null }>(handle.db,
    sql`select id::text as id, deleted_at::text as deleted from contacts order by id`);
  const [{ n }] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from audit_log`);
  return JSON.stringify({ rows, audits: n });
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const [a, b] = await handle.db.insert(divisions).values([{ name: 'Reports A' }, { name: 'Reports B' }]).returning();
  divisionA = a.id;
  divisionB = b.id;
  const [s1, s2] = await handle.db.insert(externalSources).values([{ name: 'Reports CRM' }, { name: 'Reports ERP' }]).returning();
  sourceId = s1.id;
  otherSourceId = s2.id;
  // contact:view lets the owner's imports match existing contacts (else every row inserts).
  owner = await createActor(handle.db, [VIEW, 'externalContacts:contact:view'], divisionA);
  firstJobId = (await runImport(FIRST_FILE, divisionA, sourceId)).id;
  secondJobId = (await runImport(SECOND_FILE, divisionA, sourceId)).id;
});

afterAll(async () => { await handle?.close(); });

describe('listJobErrors', () => {
  it('lists the errors in line order with their translated message, and the count of each code', async () => {
    const result = await executeOperation(listJobErrors, { jobId: firstJobId }, owner);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const { items, total, pageSize, codes } = result.data;
    expect(pageSize).toBe(500);
    expect(total).toBe(4);
    expect(items.map((e) => [e.line, e.code, e.column])).toEqual([
      [3, 'invalidEmail', 'Work Email'], [5, 'invalidEmail', 'Work Email'], [5, 'invalidPhone', 'Work Phone'],
      [8, 'invalidEmail', 'Work Email'],
    ]);
    expect(items[0].params).toEqual({ value: '=HYPERLINK("x")' });
    expect(items[0].message).toBe('“=HYPERLINK("x")” is not a valid e-mail address.');
    expect(codes).toEqual([{ code: 'invalidEmail', severity: 'error', count: 3 }, { code: 'invalidPhone', severity: 'error', count: 1 }]);
  });

  it('speaks the asked language, filters by code and pages', async () => {
    const french = await executeOperation(listJobErrors, { jobId: firstJobId, locale: 'fr', code: 'invalidPhone' }, owner);
    if (!french.ok) throw new Error(JSON.stringify(french));
    expect(french.data.total).toBe(1);
    expect(french.data.items).toHaveLength(1);
    expect(french.data.items[0]).toMatchObject({ line: 5, code: 'invalidPhone' });
    expect(french.data.items[0].message).toMatch(/^«\s123\s» n'est pas un numéro de téléphone valide/);
    expect(french.data.codes).toHaveLength(2);

    const second = await executeOperation(listJobErrors, { jobId: firstJobId, page: 2, pageSize: 3 }, owner);
    expect(second).toMatchObject({ ok: true, data: { total: 4, pageCount: 2, items: [{ line: 8 }] } });
    expect(await executeOperation(listJobErrors, { jobId: firstJobId, pageSize: 501 }, owner))
      .toMatchObject({ ok: false, status: 400 });
  });
});

describe('the full error report', () => {
  it('is the original cells plus Line and Error, one line per row, formulas neutralised', async () => {
    const result = await executeOperation(openJobErrorReport, { jobId: firstJobId, locale: 'fr' }, owner);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.data.fileName).toBe(`errors-${firstJobId}.csv`);
    const bytes = new Uint8Array(await new Response(toUtf8Stream(result.data.chunks)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const { data, errors } = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(errors).toEqual([]);
    const t = getTranslator('fr');
    const message = (code: string, column: string, value: string) => formatRowError({ code, column, params: { value } }, t);
    expect(data).toEqual([
      ['External ID', 'First Name', 'Last Name', 'Work Email', 'Work Phone', 'Ligne', 'Erreur'],
      ['c-2', 'Émile', 'Zola', `'=HYPERLINK("x")`, '', '3', message('invalidEmail', 'Work Email', '=HYPERLINK("x")')],
      ['c-4', 'Élodie', 'Façade', 'elodie@bad', '123', '5',
        `${message('invalidEmail', 'Work Email', 'elodie@bad')}; ${message('invalidPhone', 'Work Phone', '123')}`],
      ['c-7', 'Ed', 'Bad', 'not-an-email', '', '8', message('invalidEmail', 'Work Email', 'not-an-email')],
    ]);
    expect(data[2][6]).toContain("n'est pas une adresse");
    expect(restoreCell(data[1][3])).toBe('=HYPERLINK("x")');
  });

  it('reads the errors page by page without splitting a row', async () => {
    const whole = await collect(streamErrorReport(handle.db, firstJobId, 'en'));
    expect(await collect(streamErrorReport(handle.db, firstJobId, 'en', { linesPerPage: 1 }))).toBe(whole);
    expect(whole.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(whole).toContain(',Line,Error\r\n');
  });

  it('holds only the header for a job without errors', async () => {
    const text = await collect(streamErrorReport(handle.db, secondJobId, 'en'));
    expect(text).toBe(`\uFEFF${HEADER},Line,Error\r\n`);
  });
});

describe('listJobChanges', () => {
  it('lists exactly the contacts the second import updated, with what changed', async () => {
    const result = await executeOperation(listJobChanges, { jobId: secondJobId, page: 1, pageSize: 50 }, owner);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.data.totals).toEqual({ inserted: 0, updated: 2, merged: 0, deleted: 0 });
    expect(result.data.total).toBe(2);
    expect(result.data.items.map(({ id: _id, line: _line, ...rest }) => rest)).toEqual([
      {
        contactId: await contactIdOf('c-1'), displayName: 'Ann Lee-Smith', action: 'updated',
        before: { last_name: 'Lee' }, after: { last_name: 'Lee-Smith' }, mergedInto: null,
      },
      {
        contactId: await contactIdOf('c-3'), displayName: 'Bob Ray', action: 'updated',
        before: { work_email: 'bob@example.test' }, after: { work_email: 'bob@new.example.test' }, mergedInto: null,
      },
    ]);
  });

  it('filters by action and pages, with the totals of every action', async () => {
    const inserted = await executeOperation(listJobChanges, { jobId: firstJobId, page: 2, pageSize: 3, action: 'inserted' }, owner);
    expect(inserted).toMatchObject({
      ok: true, data: { total: 4, pageCount: 2, totals: { inserted: 4, updated: 0 }, items: [{ action: 'inserted' }] },
    });
    const updated = await executeOperation(listJobChanges, { jobId: firstJobId, page: 1, pageSize: 10, action: 'updated' }, owner);
    expect(updated).toMatchObject({ ok: true, data: { total: 0, items: [] } });
    expect(await executeOperation(listJobChanges, { jobId: firstJobId, page: 1, pageSize: 201 }, owner))
      .toMatchObject({ ok: false, status: 400 });
  });

  it("counts a completed job's changes once (they no longer change), and counts afresh once it ran again", async () => {
    const totalsOf = async () => {
      const result = await executeOperation(listJobChanges, { jobId: secondJobId, page: 1, pageSize: 50 }, owner);
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.data.totals;
    };
    const [job] = await queryRows<{ status: string; finished: string }>(handle.db,
      sql`select status, finished_at::text as finished from import_jobs where id = ${secondJobId}`);
    expect(job.status).toBe('completed');
    // The worker stamps finished_at when it completes a job (outcomes.ts); the test pipeline does not.
    await handle.db.execute(sql`update import_jobs set finished_at = coalesce(finished_at, now()) where id = ${secondJobId}`);
    expect(await totalsOf()).toEqual({ inserted: 0, updated: 2, merged: 0, deleted: 0 });
    // A row no import would write to a completed job: the count kept from the first view still answers.
    await handle.db.execute(sql`insert into job_contact_changes (job_id, contact_id, action) values (${secondJobId}, 0, 'deleted')`);
    try {
      expect(await totalsOf()).toEqual({ inserted: 0, updated: 2, merged: 0, deleted: 0 });
      await handle.db.execute(sql`update import_jobs set finished_at = finished_at + interval '1 second' where id = ${secondJobId}`);
      expect(await totalsOf()).toEqual({ inserted: 0, updated: 2, merged: 0, deleted: 1 });
      await handle.db.execute(sql`update import_jobs set status = 'running' where id = ${secondJobId}`);
      expect(await totalsOf()).toEqual({ inserted: 0, updated: 2, merged: 0, deleted: 1 });
    } finally {
      await handle.db.execute(sql`delete from job_contact_changes where job_id = ${secondJobId} and contact_id = 0`);
      await handle.db.execute(sql`update import_jobs set status = 'completed', finished_at = ${job.finished}::timestamptz
        where id = ${secondJobId}`);
    }
    expect(await totalsOf()).toEqual({ inserted: 0, updated: 2, merged: 0, deleted: 0 });
  });
});

describe('job visibility of the reports', () => {
  const calls = (): [AnyOperation, object][] => [
    [listJobErrors, { jobId: firstJobId }],
    [listJobChanges, { jobId: firstJobId, page: 1, pageSize: 10 }],
    [openJobErrorReport, { jobId: firstJobId }],
  ];

  it("answers 404 for another user's job to a viewer without viewAll there", async () => {
    const viewer = await createActor(handle.db, [VIEW], divisionA);
    const adminElsewhere = await createActor(handle.db, [VIEW, VIEW_ALL], divisionB);
    for (const actor of [viewer, adminElsewhere]) {
      for (const [op, input] of calls()) {
        expect(await executeOperation(op, input, actor), op.name).toMatchObject({ ok: false, status: 404 });
      }
    }
  });

  it('shows it to a holder of viewAll in its division, and refuses 403 without either permission', async () => {
    const admin = await createActor(handle.db, [VIEW_ALL], divisionA);
    const nobody = await createActor(handle.db, [SOURCE_VIEW], divisionA);
    for (const [op, input] of calls()) {
      expect(await executeOperation(op, input, admin), op.name).toMatchObject({ ok: true });
      expect(await executeOperation(op, input, nobody), op.name).toMatchObject({ ok: false, status: 403 });
    }
  });
});

describe('clearSource', () => {
  let clearer: OperationContext;
  let alreadyDeletedAt: string;

  beforeAll(async () => {
    // The same source in another division, and another source in the same division.
    await runImport(`${HEADER}\r\nb-1,Bea,Bee,bea@example.test,\r\nb-2,Bill,Bee,bill@example.test,`, divisionB, sourceId);
    await runImport(`${HEADER}\r\nd-1,Dora,Dee,dora@example.test,`, divisionA, otherSourceId);
    await handle.db.update(contacts).set({ deletedAt: new Date('2020-01-02T03:04:05Z') })
      .where(eq(contacts.id, await contactIdOf('c-6')));
    [{ at: alreadyDeletedAt }] = await queryRows<{ at: string }>(handle.db,
      sql`select deleted_at::text as at from contacts where id = ${await contactIdOf('c-6')}`);
    clearer = await createActor(handle.db, [DELETE, SOURCE_EDIT, SOURCE_VIEW], divisionA);
  });

  const input = () => ({ sourceId, divisionId: divisionA, confirm: true });

  it('counts the live contacts of the source per division where the caller may delete', async () => {
    expect(await executeOperation(countSourceContacts, { sourceId }, clearer)).toEqual({
      ok: true, data: [{ divisionId: divisionA, divisionName: 'Reports A', count: 3 }],
    });
    const everywhere = await createActor(handle.db, [DELETE, SOURCE_VIEW]);
    const result = await executeOperation(countSourceContacts, { sourceId }, everywhere);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.data.filter((d) => d.count > 0).map((d) => [d.divisionName, d.count]).sort())
      .toEqual([['Reports A', 3], ['Reports B', 2]]);
  });

  it('refuses without either permission, or unconfirmed, and changes nothing', async () => {
    const before = await snapshot();
    const refusals: [Permission[], string | null, number, object?][] = [
      [[DELETE, SOURCE_VIEW], divisionA, 403],
      [[SOURCE_EDIT, SOURCE_VIEW], divisionA, 403],
      [[DELETE, SOURCE_EDIT], divisionB, 403],
      [[DELETE, SOURCE_EDIT], divisionA, 400, { confirm: false }],
    ];
    for (const [permissions, division, status, extra] of refusals) {
      const actor = await createActor(handle.db, permissions, division);
      const result = await executeOperation(clearSource, { ...input(), ...extra }, actor);
      expect(result, `${permissions.join('+')} in ${division}`).toMatchObject({ ok: false, status });
    }
    expect(await snapshot()).toBe(before);
  });

  it("soft-deletes exactly the source's live contacts of the division, with an audit row", async () => {
    const result = await executeOperation(clearSource, input(), clearer);
    expect(result).toEqual({ ok: true, data: { deleted: 3 } });
    const rows = await queryRows<{ value: string; source: string; division: string; deleted: string | null }>(handle.db, sql`
      select e.value, e.source_id as source, c.division_id as division, c.deleted_at::text as deleted
      from contacts c join contact_external_ids e on e.contact_id = c.id order by e.value`);
    const state = Object.fromEntries(rows.map((r) => [r.value, r.deleted]));
    for (const cleared of ['c-1', 'c-3', 'c-5']) expect(state[cleared], cleared).not.toBeNull();
    expect(state['c-6']).toBe(alreadyDeletedAt);
    for (const kept of ['b-1', 'b-2', 'd-1']) expect(state[kept], kept).toBeNull();
    const [audit] = await handle.db.select().from(auditLog)
      .where(and(eq(auditLog.action, 'externalSource.clear'), eq(auditLog.actorUserId, clearer.user.id)));
    expect(audit).toMatchObject({ targetType: 'externalSource', targetId: sourceId, details: { divisionId: divisionA, deleted: 3 } });
    expect(await executeOperation(countSourceContacts, { sourceId }, clearer))
      .toMatchObject({ ok: true, data: [{ count: 0 }] });
  });
});

describe('the error report of a job whose rows were fixed (decision 008)', () => {
  let jobId: string;

  beforeAll(async () => {
    const [division] = await handle.db.insert(divisions).values({ name: 'Reports fixes' }).returning();
    const [source] = await handle.db.insert(externalSources).values({ name: 'Reports fixes CRM' }).returning();
    jobId = (await runImport(FIRST_FILE, division.id, source.id)).id;
    // What the workbench leaves (its rows are job_row_edits, its errors the re-validated ones):
    // line 3 fixed and now valid, line 5's e-mail fixed (its phone still fails), line 8 emptied and excluded.
    const row = (line: number) => FIRST_FILE.split('\r\n')[line - 1].split(',');
    const line3 = row(3);
    line3.splice(3, 2, 'emile@example.test', '');
    const line5 = row(5);
    line5[3] = 'elodie@example.test';
    const line8 = row(8);
    line8[3] = '';
    await handle.db.execute(sql`insert into job_row_edits (job_id, line, original, cells, excluded) values
      (${jobId}, 3, ${JSON.stringify(['c-2', 'Émile', 'Zola', '=HYPERLINK("x")', ''])}::jsonb, ${JSON.stringify(line3)}::jsonb, false),
      (${jobId}, 5, ${JSON.stringify(row(5))}::jsonb, ${JSON.stringify(line5)}::jsonb, false),
      (${jobId}, 8, ${JSON.stringify(row(8))}::jsonb, ${JSON.stringify(line8)}::jsonb, true)`);
    await handle.db.execute(sql`delete from job_row_errors where job_id = ${jobId}
      and (line in (3, 8) or (line = 5 and code = 'invalidEmail'))`);
    await handle.db.execute(sql`update job_row_errors set row = ${JSON.stringify(line5)}::jsonb
      where job_id = ${jobId} and line = 5`);
  });

  it('lists the lines still failing and the excluded ones, with what was fixed in each', async () => {
    const text = await collect(streamErrorReport(handle.db, jobId, 'en'));
    const { data, errors } = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(errors).toEqual([]);
    const phone = formatRowError({ code: 'invalidPhone', column: 'Work Phone', params: { value: '123' } }, getTranslator('en'));
    expect(data).toEqual([
      ['External ID', 'First Name', 'Last Name', 'Work Email', 'Work Phone', 'Line', 'Error', 'Fixed'],
      ['c-4', 'Élodie', 'Façade', 'elodie@example.test', '123', '5', phone, 'Work Email: elodie@bad -> elodie@example.test'],
      ['c-7', 'Ed', 'Bad', '', '', '8', 'Not imported: excluded on the validation page.', 'Work Email: not-an-email -> (empty)'],
    ]);
    expect(await collect(streamErrorReport(handle.db, jobId, 'en', { linesPerPage: 1 }))).toBe(text);
  });

  it('speaks the reader\'s language in the Fixed column too', async () => {
    const text = await collect(streamErrorReport(handle.db, jobId, 'fr'));
    const { data } = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(data[0].slice(5)).toEqual(['Ligne', 'Erreur', 'Corrigé']);
    expect(data[1][7]).toBe('Work Email : elodie@bad -> elodie@example.test');
    expect(data[2].slice(6)).toEqual(['Non importée : ligne exclue sur la page de validation.', 'Work Email : not-an-email -> (vide)']);
  });

  it('keeps an excluded line\'s errors after the exclusion, and names a column the header lacks by its number', async () => {
    await handle.db.execute(sql`insert into job_row_errors (job_id, line, "column", code, params, row) values
      (${jobId}, 8, 'Work Email', 'invalidEmail', ${JSON.stringify({ value: 'not-an-email' })}::jsonb, null)`);
    await handle.db.execute(sql`update job_row_edits set cells = cells || '["extra"]'::jsonb where job_id = ${jobId} and line = 8`);
    try {
      const text = await collect(streamErrorReport(handle.db, jobId, 'en'));
      const { data } = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
      const email = formatRowError({ code: 'invalidEmail', column: 'Work Email', params: { value: 'not-an-email' } }, getTranslator('en'));
      expect(data[2]).toEqual(['c-7', 'Ed', 'Bad', '', '', '8', `Not imported: excluded on the validation page.; ${email}`,
        'Work Email: not-an-email -> (empty); Column 6: (empty) -> extra', 'extra']);
    } finally {
      await handle.db.execute(sql`delete from job_row_errors where job_id = ${jobId} and line = 8`);
      await handle.db.execute(sql`update job_row_edits set cells = cells - 5 where job_id = ${jobId} and line = 8`);
    }
  });
});
