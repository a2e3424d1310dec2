#!/usr/bin/env node
// Where an import's main-thread time goes, from a `--cpu-prof` profile of `npm run bench`
// (issue 21): PGlite's query execution (WebAssembly and the file I/O it does) against the
// import's own JavaScript, for each workload. The workloads are told apart by their validation
// (samples under validateJob); everything from the end of one validation to the start of the
// next is that workload's import (the re-import's dry run included).
//
//   BENCH_POSTGRES=0 node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/import.ts
//   node bench/profile-split.mjs /tmp/prof/CPU.*.0.001.cpuprofile
//
// Profiles stay in /tmp: they are never committed.
import { readFileSync } from 'node:fs';

const WORKLOADS = ['new', 're-import (dry run + import)', 'second source'];
const KINDS = ['pglite-exec', 'pglite-js', 'engine-js', 'parse+validate', 'other-js', 'gc', 'program', 'idle'];

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const seen = new Map();
/** A sample's kind, and whether it is part of a validation. */
function classify(id) {
  if (seen.has(id)) return seen.get(id);
  const frame = nodes.get(id).callFrame;
  const chain = [];
  for (let at = id; at; at = parents.get(at)) chain.push(nodes.get(at).callFrame);
  const under = (pattern) => chain.some((f) => pattern.test(f.functionName));
  let kind;
  if (frame.functionName === '(garbage collector)') kind = 'gc';
  else if (frame.functionName === '(idle)') kind = 'idle';
  else if (frame.functionName === '(program)') kind = 'program';
  else if (under(/^execProtocolRawSync$/)) kind = 'pglite-exec'; // inside PostgreSQL (WASM, its file I/O)
  else if ((frame.url || '').includes('@electric-sql/pglite')) kind = 'pglite-js'; // its protocol, in JS
  else if (under(/parseCsvRecords|Parser\.parse|validateRow|validBatches|readFixedRecords|decodeToUtf8|readUploadBytes/)) kind = 'parse+validate';
  else if (chain.some((f) => (f.url || '').includes('/lib/import/engine'))) kind = 'engine-js';
  else kind = 'other-js';
  const result = { kind, validation: under(/^validateJob$/) };
  seen.set(id, result);
  return result;
}

const times = [];
let clock = 0;
for (const delta of profile.timeDeltas) times.push((clock += delta));
const validationSamples = [];
profile.samples.forEach((id, i) => { if (classify(id).validation) validationSamples.push(i); });
// A gap of more than 1.5 s between validation samples starts the next workload's validation.
const validations = [];
let first = validationSamples[0];
let last = first;
for (const i of validationSamples.slice(1)) {
  if (times[i] - times[last] > 1.5e6) { validations.push([first, last]); first = i; }
  last = i;
}
if (first !== undefined) validations.push([first, last]);

validations.forEach(([start, end], w) => {
  const until = w + 1 < validations.length ? validations[w + 1][0] : profile.samples.length;
  const spent = Object.fromEntries(KINDS.map((kind) => [kind, 0]));
  let total = 0;
  for (let i = end + 1; i < until; i++) {
    spent[classify(profile.samples[i]).kind] += profile.timeDeltas[i];
    total += profile.timeDeltas[i];
  }
  const share = (kind) => `${kind} ${(spent[kind] / 1e6).toFixed(1)} s (${Math.round((100 * spent[kind]) / total)}%)`;
  console.log(`${WORKLOADS[w] ?? `workload ${w + 1}`}: validation ${((times[end] - times[start]) / 1e6).toFixed(1)} s; `
    + `then ${(total / 1e6).toFixed(1)} s: ${KINDS.map(share).join(', ')}`);
});
