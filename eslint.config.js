// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The renderer runs in a sandboxed browser page: no Node, no Electron, and only *types* from core.
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'better-sqlite3', 'drizzle-orm'],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process'],
              message: 'The renderer never imports Node.',
            },
            {
              group: ['**/core/**', '!**/core/api/types'],
              message: 'The renderer talks to core only through the API client; import types only.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Pure domain code takes `now`, the zone and configuration as arguments.
    files: ['src/core/time/**/*.ts', 'src/core/scheduling/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Pass `now` in; pure code never reads the clock.',
        },
        { object: 'process', property: 'env', message: 'Pass configuration in.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Pass `now` in.',
        },
      ],
    },
  },
);
