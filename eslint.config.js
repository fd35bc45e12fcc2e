// ESLint (npm run lint): typescript-eslint's recommended rules everywhere, React's hook rules
// (react-hooks' recommended set, exhaustive-deps an error) on the page. Of the type-aware rules only
// those about promises (a promise dropped, awaited by mistake or handed where a callback's result
// is ignored: the worker's messages and the page's runs are all promises), through the editors'
// tsconfig.json; the rest of recommendedTypeChecked is left out (mostly require-await
// on test fakes and `any` from JSON.parse). The types themselves: npm run typecheck (tsc -b).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Built, downloaded, generated or someone else's: not ours to lint.
    ignores: [
      'dist/',
      'dist-*/',
      'node_modules/',
      'public/',
      'test-results/',
      'playwright-report/',
      'runs/',
      '.data/',
      '.gl/',
      '.whl/',
      '.gpu/',
      'training/',
      '**/__pycache__/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ['tools/**/*.{ts,mjs,js}', 'build/**/*.ts', 'testing/**/*.ts', 'e2e/**/*.{ts,mjs,js}', '*.config.{ts,js}', '**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // A missing or unverifiable dependency (a spread ...deps) is a bug, not a hint.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    rules: {
      // `_name`: an argument a signature needs and the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
);
