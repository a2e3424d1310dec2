/** What an upload reads from: a web stream (a route's `request.body`) or any async iterable. */
export type UploadBody = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export function isUploadBody(value: unknown): value is UploadBody {
  if (typeof value !== 'object' || value === null) return false;
  return typeof (value as ReadableStream).getReader === 'function'
    || typeof (value as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function';
}

/**
 * Pieces of the body, pulled one at a time so a slow database slows the sender down. Leaving
 * the loop early (a refused file) cancels the stream, so the rest of the request is not read.
 */
export async function* readBody(body: UploadBody): AsyncGenerator<Uint8Array> {
  if (!('getReader' in body)) {
    yield* body;
    return;
  }
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) { done = true; return; }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** Gathers pieces of any size into pieces of `size` bytes (the last one shorter). */
export class ChunkAccumulator {
  private buffer: Uint8Array;
  private filled = 0;

  constructor(private readonly size: number) {
    this.buffer = new Uint8Array(size);
  }

  *push(piece: Uint8Array): Generator<Uint8Array> {
    let offset = 0;
    while (offset < piece.length) {
      const take = Math.min(this.size - this.filled, piece.length - offset);
      this.buffer.set(piece.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.size) {
        yield this.buffer;
        // A new buffer each time: the one handed out may still be on its way to the database.
        this.buffer = new Uint8Array(this.size);
        this.filled = 0;
      }
    }
  }

  flush(): Uint8Array | undefined {
    if (this.filled === 0) return undefined;
    const last = this.buffer.slice(0, this.filled);
    this.filled = 0;
    return last;
  }
}
