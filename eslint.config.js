// Lint: typescript-eslint's type-aware rules, and the one-way layers (docs/ARCHITECTURE.md "Layers") as a rule.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// Each zone: files in `target` may not import from `from` (paths from the project root).
const layers = [
  { target: './src/conversation', from: './src', except: ['./conversation'], message: 'conversation is pure: it imports nothing outside itself.' },
  ...['./src/config.ts', './src/notify', './src/report', './src/bot', './src/server', './src/practitioner'].map((from) => ({
    target: './src/records',
    from,
    message: 'records is the bottom layer: ask for what it needs through its interfaces, or wire it in src/app.ts.',
  })),
  ...['./src/privacy', './src/practitioner'].flatMap((target) =>
    ['./src/server', './src/bot'].map((from) => ({ target, from, message: `${target.slice(6)} sits below the channels: no server or bot.` })),
  ),
  { target: './src/config.ts', from: './src/report', message: 'config imports no report: the report reads config, not the other way.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'artifacts/', 'coverage/', 'public/', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      // restify and the Bot Framework take async handlers that may not await; a forgotten await is caught by no-floating-promises.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a value kept on purpose (a skipped tuple slot, a parameter an interface requires).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], extends: [tseslint.configs.disableTypeChecked] },
);
