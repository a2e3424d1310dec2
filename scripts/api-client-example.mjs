#!/usr/bin/env node
/**
 * A REST API client with plain fetch: uploads a CSV file, starts an import job that continues by
 * itself after the validation, polls it to the end and prints the job (with its counters) as JSON.
 *
 *   API_TOKEN=cbi_... node scripts/api-client-example.mjs --url http://localhost:3000 \
 *     --file contacts.csv --profile "My profile" --division Home [--description "Nightly sync"]
 *
 * Exit code 0 when the job completed, 1 otherwise. Progress goes to stderr, the job to stdout.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    file: { type: 'string' },
    profile: { type: 'string' },
    division: { type: 'string', default: 'Home' },
    description: { type: 'string', default: '' },
    'poll-ms': { type: 'string', default: '1000' },
  },
});
const token = process.env.API_TOKEN;
if (!token || !args.file || !args.profile) {
  console.error('usage: API_TOKEN=cbi_... api-client-example.mjs --file <csv> --profile <name> [--division <name>] [--url <base>]');
  process.exit(2);
}
const api = `${args.url.replace(/\/$/, '')}/api/v1`;
const log = (message) => process.stderr.write(`${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One call; waits and tries again when rate-limited (429 + Retry-After); throws on any other error. */
async function call(method, route, { json, body, headers = {} } = {}) {
  for (;;) {
    const response = await fetch(`${api}${route}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(json ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: json ? JSON.stringify(json) : body,
      // A stream body (the file) needs half-duplex in Node's fetch.
      ...(body ? { duplex: 'half' } : {}),
    });
    if (response.status === 429 && !body) {
      await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
      continue;
    }
    const payload = await response.json();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${payload.error?.code}: ${payload.error?.message}`);
    return payload;
  }
}

const profiles = await call('GET', '/import-profiles');
const profile = profiles.find((p) => p.name === args.profile);
if (!profile) throw new Error(`no import profile named "${args.profile}"`);
const divisions = await call('GET', '/divisions');
const division = divisions.find((d) => d.name === args.division);
if (!division) throw new Error(`no division named "${args.division}" where this token may import`);

const upload = await call('POST', '/uploads', {
  body: createReadStream(args.file),
  headers: {
    'Content-Type': 'text/csv',
    'Content-Length': String(statSync(args.file).size),
    'X-File-Name': encodeURIComponent(path.basename(args.file)),
  },
});
log(`uploaded ${upload.fileName}: ${upload.rowCount} rows`);

let job = await call('POST', '/jobs', {
  json: {
    uploadId: upload.id, profileId: profile.id, divisionId: division.id,
    description: args.description, autoContinue: true,
  },
});
log(`job ${job.id} started`);
const ended = new Set(['completed', 'failed', 'cancelled']);
while (!ended.has(job.status)) {
  await sleep(Number(args['poll-ms']));
  job = await call('GET', `/jobs/${job.id}`);
  log(`${job.status} ${job.step ?? ''} ${job.progress.done}/${job.progress.total}`);
}
process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
process.exit(job.status === 'completed' ? 0 : 1);
