import { neutraliseCell } from '../rows/csv-injection';

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * A small CSV file as text: UTF-8 byte order mark (so Excel reads accents right), CRLF line ends,
 * RFC 4180 quoting, and every cell, headers included, neutralised against formula injection
 * (a phone such as `+44 20...` reads `'+44 20...`, which the importer reads back as written).
 */
export function toCsvText(headers: readonly string[], rows: readonly (readonly string[])[], separator: ',' | ';'): string {
  const needsQuotes = new RegExp(`["\\r\\n${separator}]`);
  const field = (value: string) => {
    const cell = neutraliseCell(value);
    return needsQuotes.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  };
  const line = (cells: readonly string[]) => cells.map(field).join(separator) + CRLF;
  return BOM + line(headers) + rows.map(line).join('');
}
