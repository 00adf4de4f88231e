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
  // ---- Layers: dependencies point one way (see ARCHITECTURE.md §1). A wrong arrow fails lint.
  {
    // Domains never reach up into the contract or the transports: errors and change events
    // live below them (core/errors.ts, core/events.ts); HTTP routes live in core/host/routes.
    files: [
      'src/core/{time,scheduling,matching,eligibility,reminders,calsync,entities,db,secrets,demo,accounts,access,audit,backup}/**/*.ts',
      'src/core/{context,errors,events}.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\./|(\\.\\./)+)(api|host)(/|$)',
              message:
                'Domain code never imports core/api or core/host: use core/errors.ts and core/events.ts, and put HTTP routes in core/host/routes.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure parts (time, the availability engine, ranking, X12 and iCalendar parsing, the
    // calendar adapters) never read the database; database services live in a service/ folder.
    files: [
      'src/core/{time,scheduling,matching,eligibility,calsync}/**/*.ts',
      'src/core/reports/noshow/**/*.ts',
    ],
    ignores: ['**/*.test.ts', '**/service/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(db|api|host)(/|$)',
              message:
                "Pure domain code takes its data as arguments; database services go in the domain's service/ folder.",
            },
            {
              regex: '^(\\.\\./)+reminders(/|$)',
              message:
                'Scheduling does not know reminders: it calls the AppointmentFollowUps port (scheduling/service/ports.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/scheduling/service/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(api|host|reminders)(/|$)',
              message:
                'Scheduling does not know reminders (or the transports): it calls the AppointmentFollowUps port (scheduling/service/ports.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/reminders/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(api|host)(/|$)',
              message: 'Domain code never imports core/api or core/host.',
            },
            {
              regex: '^(\\.\\./)+scheduling/service/.+',
              message:
                'Reminders talk to scheduling through its one port: import from scheduling/service (its index), not its internals.',
            },
          ],
        },
      ],
    },
  },
  {
    // Browser-safe values both sides import: nothing from core, renderer, Node or Electron.
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'better-sqlite3', 'drizzle-orm'],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process'],
              message: 'src/shared runs in the browser too.',
            },
            {
              regex: '^(\\.\\./)+(core|renderer|main|preload)(/|$)',
              message: 'src/shared is below core and renderer: it imports neither.',
            },
          ],
        },
      ],
    },
  },
);
