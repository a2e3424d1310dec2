/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time,
  // not bundled (bundling it crashes the first request).
  // exceljs and the zip reader it is built on are read by lib/import/upload/xlsx at run time too.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'bcryptjs', 'pg-boss', 'exceljs', 'unzipper'],
  poweredByHeader: false,
  // Several builds side by side (parallel e2e runs by different engineers) each get their own folder.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  typedRoutes: false,
  // The static security headers on every response, the build's files included; the CSP with its
  // per-request nonce is set by proxy.ts (lib/auth/security-headers.ts, docs/security.md).
  async headers() {
    return [{
      source: '/:path*',
      headers: [
        { key: 'X-Content-Type-Options', value: 'nosniff' },
        { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        { key: 'X-Frame-Options', value: 'DENY' },
      ],
    }];
  },
};

export default nextConfig;
