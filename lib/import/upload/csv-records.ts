import Papa from 'papaparse';
import { detectNewline } from './checks';
import { startsWithBom, type Separator } from './csv-format';
import { concatBytes } from './utf8';

const PARSE_SLICE_BYTES = 128 * 1024;

export interface CsvRecord {
  /** The record's number as a spreadsheet shows it: the header is 1, the first data record 2. */
  line: number;
  cells: string[];
}

/**
 * The records after the header of a stored, already checked file, pulled one at a time:
 * memory holds one piece of the file and its records, whatever the file's size. Blank lines are
 * skipped but keep their number, so line numbers stay those of a spreadsheet.
 */
export async function* parseCsvRecords(
  pieces: AsyncIterable<Uint8Array>,
  { separator }: { separator: Separator },
): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8'); // drops a leading BOM
  let parser: Papa.Parser | undefined;
  let start: Uint8Array = new Uint8Array(0); // the bytes read before the line end is known
  let partial = ''; // the start of a record cut by the end of a piece
  let line = 0;

  function* parse(text: string, final: boolean): Generator<CsvRecord> {
    const input = partial + text;
    // Like papaparse's own ChunkStreamer: leave the last, maybe incomplete, record for later.
    const result = parser!.parse(input, 0, !final);
    partial = final ? '' : input.substring(result.meta.cursor);
    for (const cells of result.data as string[][]) {
      line++;
      if (line === 1 || (cells.length === 1 && cells[0] === '')) continue;
      yield { line, cells };
    }
  }

  function* parseBytes(bytes: Uint8Array): Generator<CsvRecord> {
    // In slices: papaparse returns all the records of what it is given at once.
    for (let offset = 0; offset < bytes.length; offset += PARSE_SLICE_BYTES) {
      yield* parse(decoder.decode(bytes.subarray(offset, offset + PARSE_SLICE_BYTES), { stream: true }), false);
    }
  }

  for await (const piece of pieces) {
    if (parser) {
      yield* parseBytes(piece);
      continue;
    }
    start = concatBytes(start, piece);
    const content = startsWithBom(start) ? start.subarray(3) : start;
    const newline = start.length >= 3 ? detectNewline(content, false) : undefined;
    if (!newline) continue;
    parser = new Papa.Parser({ delimiter: separator, newline });
    const bytes = start;
    start = new Uint8Array(0);
    yield* parseBytes(bytes);
  }
  if (!parser) {
    const content = startsWithBom(start) ? start.subarray(3) : start;
    parser = new Papa.Parser({ delimiter: separator, newline: detectNewline(content, true) });
    yield* parseBytes(start);
  }
  yield* parse(decoder.decode(), true);
}
