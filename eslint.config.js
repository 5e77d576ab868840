// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', 'coverage', '**/dist', 'test/web/screenshots'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // Arrows point inwards (shared/STYLE.md): the typed client is what business systems install, so it
  // may use only itself, src/shared and the two wire-format modules it shares with the server; the
  // answers' types come from the wire contract (src/http/wire), imported as types only.
  {
    files: ['src/client/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!shared/|tenancy/signature\\.js$|http/multipart\\.js$|http/wire/)',
              message:
                'src/client must not import server code: only ./…, ../shared/…, ../tenancy/signature.js, ../http/multipart.js and types of ../http/wire/….',
            },
            {
              regex: '^\\.\\./http/wire/',
              allowTypeImports: true,
              message: 'src/client takes only types from the wire contract (import type).',
            },
          ],
        },
      ],
    },
  },
  // Routes translate HTTP to service calls: a transaction belongs to a service (src/<capability>/).
  {
    files: ['src/http/routes/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message: 'Routes hold no transactions: move the work into a service method.',
        },
      ],
    },
  },
);
