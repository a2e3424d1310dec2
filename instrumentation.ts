export async function register() {
  // The database drivers only run on the Node.js runtime.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    (await import('./lib/auth/socket-address')).installSocketAddressHeader();
    const { startServer } = await import('./lib/startup');
    await startServer();
  }
}
