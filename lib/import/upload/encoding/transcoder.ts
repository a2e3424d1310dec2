import { Utf8StreamValidator } from '../utf8';
import type { TextEncoding } from './encodings';
import { SingleByteTranscoder } from './single-byte';
import { NOTHING, type Transcoded, type Transcoder } from './transcoded';
import { Utf16Transcoder } from './utf16';

/** UTF-8 stays as it is, checked: the pieces go through untouched. */
class Utf8Passthrough implements Transcoder {
  private readonly validator = new Utf8StreamValidator();

  push(piece: Uint8Array): Transcoded {
    return { bytes: piece, invalidAt: this.validator.push(piece) };
  }

  finish(): Transcoded {
    return this.validator.finish() ? NOTHING : { bytes: new Uint8Array(0), invalidAt: 0 };
  }
}

export function createTranscoder(encoding: TextEncoding): Transcoder {
  switch (encoding) {
    case 'utf-8': return new Utf8Passthrough();
    case 'utf-16le':
    case 'utf-16be': return new Utf16Transcoder(encoding);
    default: return new SingleByteTranscoder(encoding);
  }
}
