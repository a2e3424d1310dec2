// ESLint (flat config): Next.js's rules (React, hooks, accessibility, Core Web Vitals) and the
// TypeScript rules of typescript-eslint, as eslint-config-next ships them.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypeScript from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTypeScript,
  {
    rules: {
      // A leading underscore marks a value left out on purpose (`const { id: _id, ...rest } = row`).
      '@typescript-eslint/no-unused-vars': ['warn', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true,
      }],
    },
  },
  {
    ignores: ['.next/**', '.next-*/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.data/**', '.build/**', 'bench/out/**', 'next-env.d.ts'],
  },
];

export default config;
