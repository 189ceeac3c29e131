// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.cache/', '.e2e-cache/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The language service is pure: no transport, no editor API. Only the LSP types and the text document model.
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'The language service must not depend on the editor.' },
            {
              name: 'vscode-languageserver',
              message: 'Use vscode-languageserver-types; the connection lives in server.ts.',
            },
            { name: 'vscode-languageserver/node', message: 'The language service must not depend on the transport.' },
            {
              name: 'vscode-languageserver/browser',
              message: 'The language service must not depend on the transport.',
            },
          ],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'os'],
              message: 'Host access goes through LanguageServiceHost, so the browser build works.',
            },
          ],
        },
      ],
    },
  },
  {
    // The argument lists and name checks are pure, so node:test loads them and every argv is tested as spawned.
    files: [
      'client/src/commands/unitNames.ts',
      'client/src/commands/commandLines.ts',
      'client/src/commands/verifyOutput.ts',
      'client/src/commands/terminalInput.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Keep this module pure; the vscode side lives in index.ts.' }],
          patterns: [{ group: ['node:*', 'child_process', 'fs', 'os', 'path'], message: 'Keep this module pure.' }],
        },
      ],
    },
  },
  {
    // The web entry runs in a browser worker: no node built-ins, and none of the commands that run programs.
    files: ['client/src/browser.ts', 'client/src/common.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'child_process', 'fs', 'os', 'path', 'net'], message: 'The web build has no node.' },
            { group: ['./commands', './commands/*'], message: 'The commands run programs: desktop only.' },
            { group: ['vscode-languageclient/node'], message: 'The web build uses vscode-languageclient/browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.mjs', 'test/**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', __dirname: 'readonly', Buffer: 'readonly' },
    },
  },
);
