// Lint: the recommended rules of ESLint and typescript-eslint; CI runs `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'test-output/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The web app: the rules of hooks, and dependency lists checked.
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // The web app knows the server only through the shared contracts (src/kernel/contracts.ts and each module's contracts.ts): never the
      // store's tables, the services or the server, so the two cannot drift apart unseen (issue 13).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A module's contracts (contracts.ts, draft-contracts.ts…) are open to the web; the rest of a module is not.
              group: ['**/src/store/**', '**/src/services/**', '**/src/server/**', '**/src/platform/**', '**/src/modules/*/*', '!**/src/modules/*/*contracts.ts'],
              message: 'The web app imports the server\'s types from contracts only: src/kernel/contracts.ts and src/modules/<feature>/*contracts.ts (z.infer of the response schemas).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
