/**
 * Cost of validating one realistic 20-column row with 2 phones, by how the phones are written.
 * Run: npx tsx bench/validate-row.bench.ts (prints figures, asserts nothing).
 */
import type { ImportSettings } from '../lib/import/rows/types';
import { createRowValidator } from '../lib/import/rows/validate-row';
import { measure, report } from './bench-util';

const HEADERS = [
  'External ID', 'First Name', 'Middle Name', 'Last Name', 'Salutation', 'Title', 'Work Email', 'Personal Email',
  'Work Phone', 'Cell Phone', 'Address Line 1', 'Address Line 2', 'City', 'State', 'Postal Code', 'Country Code',
  'Callable', 'Survey Opt Out', 'External Organization External ID', 'External Organization Name',
];
const settings: ImportSettings = {
  externalSourceId: 'bench', matchBy: ['externalId', 'workEmail'], mergeMode: 'updateFirst', loadType: 'upsert',
  importFields: [], columnMapping: {}, defaultCountry: 'US', emptyCellsClear: false,
};
const pad = (i: number) => String(i % 10_000).padStart(4, '0');

function rows(phones: (i: number) => [string, string]): string[][] {
  return Array.from({ length: 1000 }, (_, i) => {
    const [work, cell] = phones(i);
    return [
      `C-${100000 + i}`, ` Jean-Pierre${i} `, 'Marie', `Dupont-Lefèvre ${i}`, 'M.', 'Responsable des achats',
      `jean.pierre${i}@example.com`, `jp${i}@mail.example.fr`, work, cell, `${i} rue de la République`, 'Bâtiment B',
      'Lyon', 'Auvergne-Rhône-Alpes', '69002', i % 2 ? 'US' : 'us', i % 3 ? 'true' : '0', 'non', `ORG-${i % 50}`, 'Acme SARL',
    ];
  });
}

const scenarios: [string, string[][]][] = [
  ['phones empty (no phone parsing)', rows(() => ['', ''])],
  ['phones strict E.164 (fast path)', rows((i) => [`+1415555${pad(i)}`, `+33612${pad(i)}78`])],
  ['phones national / formatted (fast path after cleaning)', rows((i) => [`(415) 555-${pad(i)}`, `+33 6 12 ${pad(i).slice(0, 2)} ${pad(i).slice(2)} 78`])],
  ['phones needing the full parse (prefixes)', rows((i) => [`1-415-555-${pad(i)}`, `0033 6 12 ${pad(i).slice(0, 2)} ${pad(i).slice(2)} 78`])],
];

const validate = createRowValidator(settings, HEADERS);
for (const [name, data] of scenarios) {
  let ok = 0;
  for (const row of data) if (validate(row, 2).ok) ok++;
  if (ok !== data.length) throw new Error(`${name}: ${data.length - ok} rows invalid`);
  const ns = measure((i) => validate(data[i % 1000], i), 100_000);
  report(name, ns, `${(ns / 1000).toFixed(2)} µs/row, ${(ns / HEADERS.length).toFixed(0)} ns/cell`);
}
