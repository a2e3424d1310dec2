import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Strings kept in memory: the first of the table (Excel numbers them in order of first use). */
const HOT_STRINGS = 65_536;
const HOT_BYTES = 8 * 1024 * 1024;
const BLOCK = 64 * 1024;
const CACHED_BLOCKS = 64; // 4 MB of the files read back
const ENTRY = 12; // offset (float64) and length (uint32) of a string in the data file

/**
 * A workbook's shared strings table (the text of most cells) in bounded memory. exceljs keeps it
 * as an array of JavaScript strings, which for an export of a million contacts is millions of
 * strings and hundreds of MB. Here the first strings (names, cities, titles: what repeats is used
 * first) stay in memory; the rest go to a temporary data file and an index file, read back
 * through a small cache of blocks. Memory: at most HOT_BYTES and CACHED_BLOCKS blocks, whatever
 * the table's size.
 */
export class SharedStringStore {
  private readonly hot: string[] = [];
  private hotBytes = 0;
  private count = 0;
  private dataFd: number | undefined;
  private indexFd: number | undefined;
  private dataBytes = 0;
  private indexWritten = 0; // entries in the index file
  private readonly pending = { data: Buffer.alloc(BLOCK * 4), dataUsed: 0, index: Buffer.alloc(ENTRY * 4096), indexUsed: 0 };
  private readonly blocks = new Map<string, Buffer>();

  private readonly hotStrings: number;
  private readonly hotMaxBytes: number;

  /** `dir`: where the files go, asked for only when the table outgrows memory. */
  constructor(private readonly dir: () => Promise<string> | string, limits: { hotStrings?: number; hotBytes?: number } = {}) {
    this.hotStrings = limits.hotStrings ?? HOT_STRINGS;
    this.hotMaxBytes = limits.hotBytes ?? HOT_BYTES;
  }

  get size(): number {
    return this.count;
  }

  async add(text: string): Promise<void> {
    const index = this.count++;
    if (index === this.hot.length && this.hotBytes + text.length * 2 <= this.hotMaxBytes && index < this.hotStrings) {
      this.hot.push(text);
      this.hotBytes += text.length * 2;
      return;
    }
    if (this.dataFd === undefined) {
      const dir = await this.dir();
      this.dataFd = openSync(path.join(dir, 'shared-strings.dat'), 'w+');
      this.indexFd = openSync(path.join(dir, 'shared-strings.idx'), 'w+');
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    const p = this.pending;
    if (p.dataUsed + bytes > p.data.length) this.flushData();
    if (bytes > p.data.length) {
      writeSync(this.dataFd, Buffer.from(text, 'utf8'), 0, bytes, this.dataBytes);
    } else {
      p.data.write(text, p.dataUsed, 'utf8');
      p.dataUsed += bytes;
    }
    if (p.indexUsed + ENTRY > p.index.length) this.flushIndex();
    p.index.writeDoubleLE(this.dataBytes, p.indexUsed);
    p.index.writeUInt32LE(bytes, p.indexUsed + 8);
    p.indexUsed += ENTRY;
    this.dataBytes += bytes;
  }

  /** Every string is added: what is still buffered goes to the files. */
  finish(): void {
    if (this.dataFd === undefined) return;
    this.flushData();
    this.flushIndex();
  }

  get(index: number): string {
    if (index < this.hot.length) return this.hot[index];
    if (!(index < this.count) || this.indexFd === undefined || this.dataFd === undefined) return '';
    const entry = this.read(this.indexFd, 'i', (index - this.hot.length) * ENTRY, ENTRY);
    const offset = entry.readDoubleLE(0);
    const length = entry.readUInt32LE(8);
    return this.read(this.dataFd, 'd', offset, length).toString('utf8');
  }

  close(): void {
    for (const fd of [this.dataFd, this.indexFd]) if (fd !== undefined) closeSync(fd);
    this.dataFd = undefined;
    this.indexFd = undefined;
    this.blocks.clear();
  }

  private flushData(): void {
    const p = this.pending;
    if (p.dataUsed === 0) return;
    writeSync(this.dataFd!, p.data, 0, p.dataUsed, this.dataBytes - p.dataUsed);
    p.dataUsed = 0;
  }

  private flushIndex(): void {
    const p = this.pending;
    if (p.indexUsed === 0) return;
    writeSync(this.indexFd!, p.index, 0, p.indexUsed, this.indexWritten * ENTRY);
    this.indexWritten += p.indexUsed / ENTRY;
    p.indexUsed = 0;
  }

  /** `length` bytes at `offset` of a file, through the block cache (a long string is read whole). */
  private read(fd: number, kind: string, offset: number, length: number): Buffer {
    const first = Math.floor(offset / BLOCK);
    if (offset + length > (first + 1) * BLOCK) {
      const out = Buffer.alloc(length);
      readSync(fd, out, 0, length, offset);
      return out;
    }
    const key = `${kind}${first}`;
    let block = this.blocks.get(key);
    if (block) {
      this.blocks.delete(key); // most recently used last
    } else {
      block = Buffer.alloc(BLOCK);
      readSync(fd, block, 0, BLOCK, first * BLOCK);
      if (this.blocks.size >= CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as string);
    }
    this.blocks.set(key, block);
    const start = offset - first * BLOCK;
    return block.subarray(start, start + length);
  }
}
