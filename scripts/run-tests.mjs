#!/usr/bin/env node
/**
 * The single test command (`npm test`).
 *
 *   0. static checks with the unit part: tsc --noEmit and eslint (zero warnings), one check each
 *   1. vitest, all projects (unit, integration-pglite, integration-postgres)
 *      -> test-results/vitest.json
 *   2. next build                       (skipped with SKIP_BUILD=1)
 *   3. playwright test                  -> test-results/e2e.json
 *                                        (skipped, counted as 1 failure, if the build failed)
 *
 * Every step runs even if an earlier one failed. The LAST line printed is
 * `N passed, N failed, N skipped`; the exit code is non-zero if anything failed
 * or if no test ran at all.
 *
 * Selecting parts:  node scripts/run-tests.mjs --only unit,integration
 *                   node scripts/run-tests.mjs --only=e2e
 *                   TEST_ONLY=unit npm test
 * (unit | integration | e2e; "integration" = integration-pglite + integration-postgres)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
const vitestJson = path.join(resultsDir, 'vitest.json');
const e2eJson = path.join(resultsDir, 'e2e.json');

const PARTS = ['unit', 'integration', 'e2e'];

function parseOnly(argv) {
  let raw = process.env.TEST_ONLY ?? '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') raw = argv[++i] ?? '';
    else if (a.startsWith('--only=')) raw = a.slice('--only='.length);
    else if (PARTS.includes(a)) raw = raw ? `${raw},${a}` : a;
    else {
      console.error(`run-tests: unknown argument ${a} (use --only ${PARTS.join('|')})`);
      process.exit(2);
    }
  }
  const parts = raw
    .split(/[,\s|]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts) {
    if (!PARTS.includes(p)) {
      console.error(`run-tests: unknown part "${p}" (expected ${PARTS.join(', ')})`);
      process.exit(2);
    }
  }
  return new Set(parts.length ? parts : PARTS);
}

const only = parseOnly(process.argv.slice(2));

/**
 * Runs a command with its output passed through. With `keepTail`, the end of that output (the
 * last 32,000 characters or more) is also returned as `tail`, for the summary to quote from.
 */
function run(cmd, args, extraEnv = {}, { keepTail = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: keepTail ? ['inherit', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extraEnv },
    });
    let tail = '';
    const passThrough = (from, to) =>
      from.on('data', (chunk) => {
        to.write(chunk);
        tail += chunk.toString('utf8');
        if (tail.length > 64_000) tail = tail.slice(-32_000);
      });
    if (keepTail) {
      passThrough(child.stdout, process.stdout);
      passThrough(child.stderr, process.stderr);
    }
    child.on('error', (err) => {
      console.error(`run-tests: could not run ${cmd}: ${err.message}`);
      resolve({ code: 127, tail });
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), tail }));
  });
}

/** vitest's "Unhandled Errors" section at the end of its output, colours removed, at most 3,000 characters. */
function unhandledSection(output) {
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  const at = text.search(/Unhandled (Error|Rejection)/);
  return at < 0 ? '' : text.slice(at).split(/\n *Test Files /)[0].slice(0, 3000);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Tests of a Playwright JSON report whose final status is `flaky` (failed, then passed on a retry), by name. */
function flakyTests(report) {
  const names = [];
  const walk = (suite, titles) => {
    const here = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'flaky') names.push([...here, spec.title].join(' › ') + (test.projectName ? ` [${test.projectName}]` : ''));
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  return names;
}

const fmtSecs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const banner = (title) => console.log(`\n===== ${title} =====\n`);

const startedAt = Date.now();
const total = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
let unhandled = '';

fs.mkdirSync(resultsDir, { recursive: true });

// ---------------------------------------------------------------- 0. static checks
if (only.has('unit')) {
  for (const [name, cmd, args] of [
    ['tsc', bin('tsc'), ['--noEmit']],
    ['eslint', bin('eslint'), ['.', '--max-warnings=0']],
  ]) {
    banner(name);
    const t0 = Date.now();
    const { code } = await run(cmd, args);
    if (code === 0) total.passed += 1;
    else total.failed += 1;
    summary.push(`${`${name}:`.padEnd(11)} ${code === 0 ? 'clean' : `FAILED (exit ${code}, counted as 1 failure)`} in ${fmtSecs(Date.now() - t0)}`);
  }
}

// ---------------------------------------------------------------- 1. vitest
if (only.has('unit') || only.has('integration')) {
  const projects = [];
  if (only.has('unit')) projects.push('unit');
  if (only.has('integration')) {
    projects.push('integration-pglite');
    if (process.env.SKIP_POSTGRES_TESTS !== '1') projects.push('integration-postgres');
  }
  const projectArgs = only.has('unit') && only.has('integration') ? [] : projects.flatMap((p) => ['--project', p]);
  banner(`vitest (${projects.join(', ')})`);
  fs.rmSync(vitestJson, { force: true });
  const t0 = Date.now();
  const { code, tail } = await run(
    bin('vitest'),
    ['run', ...projectArgs, '--reporter=default', '--reporter=json', `--outputFile=${path.relative(root, vitestJson)}`],
    {},
    { keepTail: true },
  );
  const ms = Date.now() - t0;
  const r = readJson(vitestJson);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let note = '';
  if (r) {
    passed = r.numPassedTests ?? 0;
    failed = r.numFailedTests ?? 0;
    skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // Files that failed to load/collect report no failed test: count each as one failure.
    const brokenFiles = (r.testResults ?? []).filter(
      (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
    );
    if (brokenFiles.length) {
      failed += brokenFiles.length;
      note += ` (${brokenFiles.length} test file(s) failed outside any test)`;
    }
  } else {
    note += ' (no JSON report)';
  }
  if (code !== 0 && failed === 0) {
    failed = 1;
    note += ` (vitest exited with code ${code} without a failed test: counted as 1 failure)`;
    unhandled = unhandledSection(tail);
  }
  total.passed += passed;
  total.failed += failed;
  total.skipped += skipped;
  summary.push(`vitest:     ${passed} passed, ${failed} failed, ${skipped} skipped in ${fmtSecs(ms)}${note}`);
}

// ---------------------------------------------------------------- 2+3. build + playwright
if (only.has('e2e')) {
  let buildOk = true;
  if (process.env.SKIP_BUILD === '1') {
    summary.push('next build: skipped (SKIP_BUILD=1)');
  } else {
    banner('next build');
    const t0 = Date.now();
    const { code } = await run(bin('next'), ['build']);
    buildOk = code === 0;
    summary.push(`next build: ${buildOk ? 'ok' : `FAILED (exit ${code})`} in ${fmtSecs(Date.now() - t0)}`);
  }

  if (!buildOk) {
    total.failed += 1;
    summary.push('playwright: skipped because next build failed (counted as 1 failure)');
  } else {
    banner('playwright test');
    fs.rmSync(e2eJson, { force: true });
    const t0 = Date.now();
    const { code } = await run(bin('playwright'), ['test']);
    const ms = Date.now() - t0;
    const r = readJson(e2eJson);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let note = '';
    if (r?.stats) {
      // A test that passed only on a retry is a failure here: a retry is not a pass you rely on
      // (docs/testing.md). CI keeps `retries: 1` so that the log shows the flake and its trace.
      const flaky = flakyTests(r);
      passed = r.stats.expected ?? 0;
      failed = (r.stats.unexpected ?? 0) + flaky.length;
      skipped = r.stats.skipped ?? 0;
      if (flaky.length) {
        note += ` (${flaky.length} flaky, counted as failed: passed only on a retry)`;
        console.log(`\nFLAKY (passed only after a retry, counted as FAILED):\n${flaky.map((name) => `  - ${name}`).join('\n')}`);
      }
      if (r.errors?.length && failed === 0) {
        failed = r.errors.length;
        note += ` (${r.errors.length} error(s) outside tests, e.g. web server)`;
      }
    } else {
      note += ' (no JSON report)';
    }
    if (code !== 0 && failed === 0) {
      failed = 1;
      note += ` (playwright exited with code ${code} without a failed test: counted as 1 failure)`;
    }
    total.passed += passed;
    total.failed += failed;
    total.skipped += skipped;
    summary.push(`playwright: ${passed} passed, ${failed} failed, ${skipped} skipped in ${fmtSecs(ms)}${note}`);
  }
}

// ---------------------------------------------------------------- summary
if (unhandled) {
  banner('what vitest reported outside any test');
  console.log(unhandled.trimEnd());
}
banner('summary');
for (const line of summary) console.log(line);
console.log(`total time: ${fmtSecs(Date.now() - startedAt)}`);
if (total.passed + total.failed === 0) console.log('run-tests: no test ran: failing the run');
const parts = [`${total.passed} passed`, `${total.failed} failed`];
if (total.skipped) parts.push(`${total.skipped} skipped`);
console.log(parts.join(', '));
process.exitCode = total.failed > 0 || total.passed + total.failed === 0 ? 1 : 0;
