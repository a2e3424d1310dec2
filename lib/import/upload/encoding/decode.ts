import { ENCODING_NAMES, type TextEncoding } from './encodings';
import { createTranscoder } from './transcoder';

/**
 * A stored file as UTF-8, piece by piece: the one door through which every reader of an upload's
 * content (records, preview, jobs) passes, so the CSV reader only ever sees UTF-8. Memory holds
 * one piece and its UTF-8 copy. UTF-8 files pass untouched (they were checked as they came in);
 * a byte that is not text in the encoding throws, which a file checked in that encoding never has.
 */
export async function* decodeToUtf8(pieces: AsyncIterable<Uint8Array>, encoding: TextEncoding): AsyncGenerator<Uint8Array> {
  if (encoding === 'utf-8') {
    yield* pieces;
    return;
  }
  const transcoder = createTranscoder(encoding);
  for await (const piece of pieces) {
    const { bytes, invalidAt } = transcoder.push(piece);
    if (invalidAt !== -1) throw notText(encoding);
    if (bytes.length > 0) yield bytes;
  }
  if (transcoder.finish().invalidAt !== -1) throw notText(encoding);
}

function notText(encoding: TextEncoding): Error {
  return new Error(`stored upload is not ${ENCODING_NAMES[encoding]} text, though it was checked as such`);
}
