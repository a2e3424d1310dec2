// `npm run db:migrate`: applies migrations and the first-start seed, then exits.
// With PGlite, do not run it while the server holds the same data folder.
import { openDatabase, migrateDatabase } from '../db/client';
import { seedDatabase } from '../db/seed';
import { exitOnBadConfig } from '../lib/config';

const settings = exitOnBadConfig();
const handle = await openDatabase({ url: settings.DATABASE_URL });
try {
  await migrateDatabase(handle);
  await seedDatabase(handle.db);
  console.log(`Migrated (${handle.driver}).`);
} finally {
  await handle.close();
}
