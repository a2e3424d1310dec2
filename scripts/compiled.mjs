// Runs a TypeScript entry (the job worker, the import benchmark) as plain JavaScript:
//   node scripts/compiled.mjs scripts/worker.ts
// The entry and the project's modules are bundled by esbuild (packages stay in node_modules)
// into .build/<entry>-<hash of the output>/, then imported. Under tsx the same process carried a
// module-loader thread and a transpiler: about 30 MB more resident memory for the whole life of
// a worker (bench/RESULTS.md, "Memory"). For stack traces in the TypeScript sources, set
// NODE_OPTIONS=--enable-source-maps.
import { build, stop } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bundles `entry` (a path from the project's root) and returns the file to import. */
export async function compile(entry) {
  const name = path.basename(entry, path.extname(entry));
  const staging = path.resolve('.build', `.${name}-${process.pid}`);
  const result = await build({
    entryPoints: [entry],
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    tsconfig: 'tsconfig.json',
    sourcemap: 'linked',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
    write: false,
  });
  await stop();
  // Named by content: processes starting together (several workers) build the same folder, and
  // whichever renames it first wins; none ever imports a file another is still writing.
  const hash = createHash('sha256');
  for (const file of result.outputFiles) hash.update(path.relative(staging, file.path)).update(file.contents);
  const outdir = path.resolve('.build', path.dirname(entry), `${name}-${hash.digest('hex').slice(0, 12)}`);
  if (!existsSync(outdir)) {
    rmSync(staging, { recursive: true, force: true });
    for (const file of result.outputFiles) {
      mkdirSync(path.dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.contents);
    }
    mkdirSync(path.dirname(outdir), { recursive: true });
    try {
      renameSync(staging, outdir);
    } catch (error) {
      if (!existsSync(outdir)) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return path.join(outdir, `${name}.mjs`);
}

const [entry] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/compiled.mjs <entry.ts>');
  process.exit(2);
}
const file = await compile(entry);
process.argv.splice(1, 2, file);
await import(pathToFileURL(file).href);
