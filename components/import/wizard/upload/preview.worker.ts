import { PREVIEW_SLICE_BYTES, readCsvStart, type PreviewReply, type PreviewRequest } from './read-csv-start';

const QUICK_SLICE_BYTES = 64 * 1024;

// The project's TypeScript lib is the DOM one; these are the two worker calls used here.
const scope = self as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<PreviewRequest>) => void): void;
  postMessage(message: PreviewReply): void;
};

/**
 * Reads the first rows of a chosen file off the main thread: only its first bytes, whatever the
 * file's size, so a 1 GB file is previewed as fast as a small one.
 */
scope.addEventListener('message', (event) => {
  const { file, rows } = event.data;
  const read = async (bytes: number) => readCsvStart(
    new Uint8Array(await file.slice(0, bytes).arrayBuffer()), { whole: file.size <= bytes, rows });
  (async () => {
    // Ten rows nearly always fit in a few kilobytes; the long read is for files whose do not.
    const quick = await read(QUICK_SLICE_BYTES);
    if (quick.kind === 'read' && (quick.rows.length >= rows || file.size <= QUICK_SLICE_BYTES)) return quick;
    return read(PREVIEW_SLICE_BYTES);
  })()
    .then((reply) => scope.postMessage(reply))
    .catch(() => scope.postMessage({ kind: 'failed' }));
});
