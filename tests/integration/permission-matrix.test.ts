import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import { createActor } from '../support/fixtures';
import type { DatabaseHandle } from '@/db/client';
import { queryRows } from '@/db/client';
import { checkedPermissionsOf, executeOperation, isOperation, permissionsOf, type AnyOperation } from '@/lib/actions/operation';
import { ALL_PERMISSIONS, ANY_GRANTED_PERMISSION } from '@/lib/auth/permissions';
import { ALL_DIVISIONS } from '@/lib/auth/access';

const root = path.resolve(__dirname, '../..');

function filesUnder(dir: string, match: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, match);
    return match.test(name) ? [full] : [];
  });
}

/** Every operation of the code base: the one door to every action, route and page load. */
async function allOperations(): Promise<AnyOperation[]> {
  const files = filesUnder(path.join(root, 'lib'), /(^|-)operations\.ts$/);
  const modules = await Promise.all(files.map((file) => import(file)));
  return modules.flatMap((mod) => Object.values(mod).filter(isOperation));
}

async function tableCounts(handle: DatabaseHandle): Promise<string> {
  const tables = await queryRows<{ name: string }>(handle.db,
    sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
  const parts = await Promise.all(tables.map(async ({ name }) => {
    const [row] = await queryRows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from "${name}"`));
    return `${name}=${row.n}`;
  }));
  return parts.join(',');
}

let handle: DatabaseHandle;
let operations: AnyOperation[];
beforeAll(async () => {
  handle = await createTestDatabase();
  operations = await allOperations();
});
afterAll(async () => { await handle?.close(); });

describe('every protected operation, against every permission of SPEC section 9', () => {
  it('finds the operations', () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(new Set(operations.map((op) => op.name)).size).toBe(operations.length);
  });

  it('refuses each operation with 403 to a user holding every permission but its own, changing nothing', async () => {
    const refusals: string[] = [];
    for (const permission of ALL_PERMISSIONS) {
      const guarded = operations.filter((op) => permissionsOf(op).includes(permission));
      for (const op of guarded) {
        const actor = await createActor(handle.db, ALL_PERMISSIONS.filter((p) => !permissionsOf(op).includes(p)));
        const before = await tableCounts(handle);
        const result = await executeOperation(op, {}, actor);
        expect(result, `${op.name} without ${permission}`).toMatchObject({ ok: false, status: 403 });
        expect(await tableCounts(handle), `${op.name} changed the database`).toBe(before);
        refusals.push(op.name);
      }
    }
    expect([...new Set(refusals)].sort()).toEqual(operations.map((op) => op.name).sort());
  });

  it('refuses with 403 an operation needing several permissions to a user holding every permission but one of them', async () => {
    const needingAll = operations.filter((op) => (op.allOf ?? []).length > 0);
    // Starting a job, whichever way: importJob:add with externalEntity:import and importCsvJob:add.
    expect(needingAll.map((op) => op.name)).toEqual(expect.arrayContaining(
      ['startImportJob', 'startApiImportJob', 'startWizardImport', 'startDroppedFileImport']));
    for (const op of needingAll) {
      for (const permission of op.allOf ?? []) {
        const actor = await createActor(handle.db, ALL_PERMISSIONS.filter((p) => p !== permission));
        const before = await tableCounts(handle);
        expect(await executeOperation(op, {}, actor), `${op.name} without ${permission}`).toMatchObject({ ok: false, status: 403 });
        expect(await tableCounts(handle), `${op.name} changed the database`).toBe(before);
      }
    }
  });

  it('checks every permission of SPEC section 9 somewhere: none is listed that nothing requires', () => {
    // What is the caller's own (notifications, tokens) lets in any holder of any grant: that
    // requires none of the permissions in particular.
    const specific = operations.filter((op) => permissionsOf(op) !== ANY_GRANTED_PERMISSION);
    expect(specific.length).toBeLessThan(operations.length);
    const checked = new Set(specific.flatMap((op) => checkedPermissionsOf(op)));
    const unchecked = ALL_PERMISSIONS.filter((permission) => !checked.has(permission));
    expect(unchecked, 'permissions no operation requires (enforce them, or remove them and say why in docs/permissions.md)')
      .toEqual([]);
  });

  it('names in `requires` only permissions of the list, and each operation asks for what it checks', () => {
    const known = new Set<string>(ALL_PERMISSIONS);
    for (const op of operations) {
      for (const permission of checkedPermissionsOf(op)) expect(known.has(permission), `${op.name}: ${permission}`).toBe(true);
    }
    // The permissions only a kind of input needs (tests/integration/destructive-permissions.test.ts shows each refused).
    const conditional = new Set(operations.flatMap((op) => op.requires?.permissions ?? []));
    expect([...conditional].sort()).toEqual([
      'externalContacts:contact:add', 'externalContacts:contact:delete', 'externalContacts:contact:edit',
      'externalContacts:importJob:edit',
    ]);
  });

  it('refuses an organisation-wide operation to a holder of its permission in one division only', async () => {
    const orgWide = operations.filter((op) => op.scope === ALL_DIVISIONS);
    expect(orgWide.length).toBeGreaterThan(0);
    const [home] = await queryRows<{ id: string }>(handle.db, sql`select id from divisions limit 1`);
    const actor = await createActor(handle.db, [...ALL_PERMISSIONS], home.id);
    for (const op of orgWide) {
      expect(await executeOperation(op, {}, actor), op.name).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('lets a holder of that single permission (and those it needs with it) past the check (any other outcome than 403)', async () => {
    for (const op of operations) {
      for (const permission of permissionsOf(op)) {
        const actor = await createActor(handle.db, [permission, ...op.allOf ?? []]);
        const result = await executeOperation(op, {}, actor);
        if (!result.ok) expect(result.status, `${op.name} with ${permission}`).not.toBe(403);
      }
    }
  });
});

describe('every server action and route handler goes through an operation', () => {
  // Allowed without a permission: next-auth's own routes, and choosing one's own language.
  const open = [`api${path.sep}auth${path.sep}`, 'language-actions.ts'];
  const entryPoints = filesUnder(path.join(root, 'app'), /\.tsx?$/)
    .filter((file) => /(^|\/)route\.ts$/.test(file) || /^['"]use server['"]/m.test(readFileSync(file, 'utf8')))
    .filter((file) => !open.some((part) => file.includes(part)));

  it.each(entryPoints.map((file) => [path.relative(root, file)]))('%s', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    const exported = [...text.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(\w+)/g)].map((m) => m[1]);
    expect(exported.length).toBeGreaterThan(0);
    // apiRoute (lib/api/route.ts): the REST API's wrapper, running the operation of its registry
    // entry for the token's user; tests/unit/openapi.test.ts checks each route against the registry.
    const guardedCalls = text.match(/\b(runAsCurrentUser|respondAsCurrentUser|apiRoute)\(/g) ?? [];
    expect(guardedCalls.length, `${file}: every export must call runAsCurrentUser/respondAsCurrentUser/apiRoute`)
      .toBeGreaterThanOrEqual(exported.length);
  });
});
