// What the drop folder does goes to the process log, prefixed so it can be grepped. Warnings that
// would repeat on every scan (a folder that cannot be renamed) are written once per process.

const warned = new Set<string>();

export function logDropFolder(message: string): void {
  console.log(`Drop folder: ${message}`);
}

export function warnDropFolderOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`Drop folder: ${message}`);
}
