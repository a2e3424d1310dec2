import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Deterministic pseudo-random numbers, so every run imports the same files. */
export function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Anna', 'Bruno', 'Chloé', 'David', 'Émilie', 'Farid', 'Grace', 'Hugo', 'Inès', 'Jules', 'Karim', 'Léa', 'Marc', 'Nora', 'Owen', 'Paul'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Smith', 'Johnson', 'García', 'Müller'];
const CITIES = ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Boston', 'Denver', 'Austin', 'Seattle', 'Chicago'];
const TITLES = ['Manager', 'Director', 'Engineer', 'Analyst', 'Consultant', 'Buyer', ''];

export const HEADER = ['External ID', 'First Name', 'Last Name', 'Title', 'Work Email', 'Personal Email',
  'Work Phone', 'Cell Phone', 'Address Line 1', 'City', 'Postal Code', 'Country Code', 'Callable'];

export interface Person {
  index: number;
  externalId: string;
  first: string;
  last: string;
  title: string;
  workEmail: string;
  personalEmail: string;
  workPhone: string;
  cellPhone: string;
  street: string;
  city: string;
  postal: string;
}

/** The person number `index` of the population (same index, same person). */
export function person(index: number): Person {
  const next = random(index * 7919 + 17);
  const first = FIRST[Math.floor(next() * FIRST.length)];
  const last = LAST[Math.floor(next() * LAST.length)];
  const n = String(index).padStart(7, '0');
  return {
    index, externalId: `CRM-${n}`, first, last, title: TITLES[Math.floor(next() * TITLES.length)],
    workEmail: `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${n}@corp.example.com`,
    personalEmail: next() < 0.4 ? `p${n}@mail.example.org` : '',
    workPhone: usPhone('617', index),
    cellPhone: next() < 0.5 ? usPhone('857', index) : '',
    street: `${1 + Math.floor(next() * 999)} Main Street`,
    city: CITIES[Math.floor(next() * CITIES.length)],
    postal: String(10000 + Math.floor(next() * 89999)),
  };
}

/** A valid, unique North American number for each index (exchange 200-899, line 0000-9999). */
function usPhone(area: string, index: number): string {
  return `+1${area}${200 + (Math.floor(index / 10000) % 700)}${String(index % 10000).padStart(4, '0')}`;
}

export function csvLine(p: Person, overrides: Partial<Person> = {}): string {
  const q = { ...p, ...overrides };
  const cells = [q.externalId, q.first, q.last, q.title, q.workEmail, q.personalEmail, q.workPhone, q.cellPhone,
    q.street, q.city, q.postal, 'US', '1'];
  return cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/** Writes a CSV file line by line, never holding it in memory. */
export async function writeCsv(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${HEADER.join(',')}\n`);
  let buffer = '';
  for (const line of lines) {
    buffer += `${line}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** New contacts into an empty source: 1% invalid (an e-mail without its domain). */
export function* newWorkload(rows: number): Iterable<string> {
  const next = random(42);
  for (let i = 0; i < rows; i += 1) {
    const p = person(i);
    yield next() < 0.01 ? csvLine(p, { workEmail: `${p.first.toLowerCase()}@` }) : csvLine(p);
  }
}

/**
 * Against `existing` contacts (persons 0..existing-1): 75% of the rows match one (by external ID,
 * e-mail or phone), 10% of the rows change a field, 25% are new, 2% are invalid.
 */
export function* reimportWorkload(rows: number, existing: number): Iterable<string> {
  const next = random(4242);
  for (let i = 0; i < rows; i += 1) {
    const roll = next();
    if (roll < 0.25) {
      yield csvLine(person(existing + i));
      continue;
    }
    const p = person(Math.floor(next() * existing));
    const how = next();
    // Matched by external ID, or by e-mail or phone (the row then carries another system's ID).
    const other = `ALT-${String(i).padStart(7, '0')}`;
    const base: Partial<Person> = how < 0.6 ? {} : how < 0.8 ? { externalId: other } : { externalId: other, workEmail: '' };
    if (next() < 0.02 / 0.75) base.workEmail = 'not-an-email';
    if (next() < 0.1 / 0.75) base.title = 'Changed title';
    yield csvLine(p, base);
  }
}

/**
 * The new workload's people (persons 0..existing-1) again, from another system: each row carries
 * that system's ID, so with matching by External ID, then Work e-mail, then Work phone it finds
 * its contact by e-mail (5% by phone, their e-mail left empty), and the contact gains the ID.
 * 10% of the rows change a field, 2% are invalid.
 */
export function* secondSourceWorkload(rows: number, existing: number): Iterable<string> {
  const next = random(424242);
  for (let i = 0; i < rows; i += 1) {
    const p = person(i % existing);
    const base: Partial<Person> = { externalId: `BILL-${String(i).padStart(7, '0')}` };
    const roll = next();
    if (roll < 0.02) base.workEmail = 'not-an-email';
    else if (roll < 0.07) base.workEmail = '';
    if (next() < 0.1) base.title = 'Changed title';
    yield csvLine(p, base);
  }
}
