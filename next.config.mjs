/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time,
  // not bundled (bundling it crashes the first request).
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'bcryptjs', 'pg-boss'],
  poweredByHeader: false,
  // Several builds side by side (parallel e2e runs by different engineers) each get their own folder.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  typedRoutes: false,
};

export default nextConfig;
