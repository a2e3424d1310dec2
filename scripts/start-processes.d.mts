export function startProcesses(env: Record<string, string | undefined>): { separateWorker: boolean; webEnv: Record<string, string | undefined> };
