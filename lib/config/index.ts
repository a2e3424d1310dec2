/**
 * The application's configuration: every environment variable it reads is read here, through
 * the schema of variables.ts, and nowhere else. Entry points (the web server's start, the
 * worker, migrate) call exitOnBadConfig() first, so a bad value stops the process with a message
 * naming each bad variable before anything else happens; code calls config() where it needs a
 * value (not on a per-row path: once per request, job or batch).
 *
 * Not read here, on purpose:
 * - what Node.js and Next.js set themselves: NODE_ENV (inlined by Next.js at build time),
 *   NEXT_RUNTIME, NEXT_DIST_DIR (next.config.mjs cannot import TypeScript);
 * - AUTH_TRUST_HOST: next-auth's own, which the start-up code sets for it (lib/startup.ts);
 * - the tooling that runs before or beside the application and cannot import TypeScript:
 *   scripts/start.mjs (PORT, HOSTNAME: validated here too, by the server it starts),
 *   scripts/start-processes.mjs (DATABASE_URL, RUN_WORKER), run-tests.mjs, e2e-server.mjs,
 *   api-client-example.mjs; and the benchmarks and tests (BENCH_*, TEST_*, FUZZ_*...).
 */
import { CONFIG_VARIABLES, DRIVER_DEFAULTS, SECRET_VARIABLES, configSchema, type AppConfig, type ConfigVariable } from './variables';

export { CONFIG_VARIABLES, DRIVER_DEFAULTS, type AppConfig, type ConfigVariable } from './variables';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ConfigProblem {
  variable: ConfigVariable;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid configuration (environment variables):\n${
      problems.map((problem) => `  - ${problem.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The configuration `env` gives, or a ConfigError listing every bad variable. An empty value counts as unset. */
export function readConfig(env: Environment): AppConfig {
  const input: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = new Map<ConfigVariable, ConfigProblem>();
  for (const issue of result.error.issues) {
    const variable = issue.path[0] as ConfigVariable;
    if (problems.has(variable)) continue;
    const got = SECRET_VARIABLES.has(variable) ? 'value not shown' : `got ${JSON.stringify(input[variable])}`;
    problems.set(variable, { variable, message: `${variable} must be ${issue.message} (${got})` });
  }
  throw new ConfigError([...problems.values()]);
}

let cached: { key: string; config: AppConfig } | undefined;

/**
 * The process's configuration. Parsed again only when one of its variables changed in
 * process.env (tests set some per test; the start-up code sets NEXTAUTH_SECRET): reading them to
 * compare costs a few microseconds, parsing a little more.
 */
export function config(): AppConfig {
  const key = CONFIG_VARIABLES.map((name) => process.env[name] ?? '\0').join('\x01');
  if (cached?.key !== key) cached = { key, config: readConfig(process.env) };
  return cached.config;
}

/** The first thing an entry point does: on a bad value, the message on stderr and exit code 1. */
export function exitOnBadConfig(): AppConfig {
  try {
    return config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** Rows applied per import transaction: IMPORT_BATCH_SIZE, else the driver's default. */
export function importBatchSize(driver: 'postgres' | 'pglite', settings: AppConfig = config()): number {
  return settings.IMPORT_BATCH_SIZE ?? DRIVER_DEFAULTS.IMPORT_BATCH_SIZE[driver];
}
