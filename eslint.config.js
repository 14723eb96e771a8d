import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'playwright-report/', 'test-results/', 'stack-logs/', 'bench/results/', '.stack/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Playwright fixtures take `{}` when they need no other fixture.
      'no-empty-pattern': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fixed sleeps stand in for a state: wait on an event, a response or a locator instead.
      'no-restricted-properties': [
        'error',
        { property: 'waitForTimeout', message: 'No fixed sleeps: wait on an event, a response or a locator.' },
      ],
    },
  },
);
