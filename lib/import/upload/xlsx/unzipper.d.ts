// The streaming zip reader exceljs's WorkbookReader is built on (exceljs depends on it), used the
// same way here: only `Parse`, whose entries are readable streams with a `path`.
declare module 'unzipper' {
  import type { Duplex, Readable } from 'node:stream';

  export interface Entry extends Readable {
    path: string;
    type: 'File' | 'Directory';
    autodrain(): { promise(): Promise<void> };
  }

  export function Parse(options?: { forceStream?: boolean }): Duplex & AsyncIterable<Entry>;
}
