import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds used so far by the running processes that `pick` accepts, read from /proc
 * (utime + stime of each); 0 where /proc cannot be read.
 */
function cpuSecondsOf(
  pick: (name: string, processGroup: number, pid: number, parent: number) => boolean,
  withEndedChildren: (pid: number) => boolean = () => false,
): number {
  let ticks = 0;
  let pids: string[] = [];
  try { pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)); } catch { return 0; }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (!pick(name, Number(fields[2]), Number(pid), Number(fields[1]))) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
      // cutime + cstime: the children it has waited for, e.g. backends whose connection closed.
      if (withEndedChildren(Number(pid))) ticks += Number(fields[13]) + Number(fields[14]);
    } catch { /* the process ended meanwhile */ }
  }
  return ticks / 100; // clock ticks: USER_HZ is 100 on Linux
}

/** CPU seconds of every process in a process group (a server started detached leads its own). */
export const processGroupCpuSeconds = (groupId: number) => cpuSecondsOf((_, group) => group === groupId);

/** CPU seconds of every process named postgres (servers and their backends). */
export const postgresProcessesCpuSeconds = () => cpuSecondsOf((name) => name === 'postgres');

/**
 * CPU seconds of one PostgreSQL server: its postmaster (first line of `postmaster.pid` in its
 * data folder) and the backends it started, running or ended, not other servers on the machine.
 */
export function postgresServerCpuSeconds(dataDir: string): number {
  let postmaster: number;
  try { postmaster = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]); } catch { return 0; }
  return cpuSecondsOf((_, __, pid, parent) => pid === postmaster || parent === postmaster, (pid) => pid === postmaster);
}
