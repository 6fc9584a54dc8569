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
      // The web app knows the server only through the shared contracts (src/contracts): never the
      // store's tables, the services or the server, so the two cannot drift apart unseen (issue 13).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // After the move to feature modules, a module's contracts (contracts.ts or contracts/) stay open to the web.
              group: ['**/src/store/**', '**/src/services/**', '**/src/server/**', '**/src/platform/**', '**/src/modules/*/*', '!**/src/modules/*/contracts.ts', '!**/src/modules/*/contracts'],
              message: 'The web app imports the server\'s types from src/contracts only (z.infer of the response schemas).',
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
