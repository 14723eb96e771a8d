import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noFixedSleeps = {
  property: 'waitForTimeout',
  message: 'No fixed sleeps: wait on an event, a response or a locator.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'playwright-report/',
      'test-results/',
      'stack-logs/',
      'bench/results/',
      '.stack/',
      'canary/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Playwright fixtures take `{}` when they need no other fixture.
      'no-empty-pattern': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fixed sleeps stand in for a state: wait on an event, a response or a locator instead.
      'no-restricted-properties': ['error', noFixedSleeps],
    },
  },
  // The boundaries (docs/architecture.md). Specs see only the fixtures' entry.
  {
    files: ['specs/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(harness/|fixtures/(?!index\\.js$))',
              message: 'A spec imports only ../fixtures/index.js (the fixtures are the public API).',
            },
          ],
        },
      ],
    },
  },
  // Programs (the bench, the scripts) go through the harness's entry (and the fixtures' one).
  {
    files: ['bench/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(harness/(?!index\\.js$)|fixtures/(?!index\\.js$))',
              message: 'A program imports only ../harness/index.js (and ../fixtures/index.js for browser sessions).',
            },
          ],
        },
      ],
    },
  },
  // Settings are read once, at the edge (harness/config/, harness/settings.ts, the entry points):
  // below it, values arrive as typed arguments. A mail sink's front (`*-front.mjs`) is a program
  // of its own, started as a child process: its environment is its edge.
  {
    files: ['harness/**', 'fixtures/**', 'specs/**'],
    ignores: ['harness/config/**', 'harness/settings.ts', 'harness/**/*-front.mjs'],
    rules: {
      'no-restricted-properties': [
        'error',
        noFixedSleeps,
        {
          object: 'process',
          property: 'env',
          message: 'Settings are read once at the edge (harness/settings.ts): take them as an argument.',
        },
      ],
    },
  },
);
