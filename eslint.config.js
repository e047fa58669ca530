import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['src/db/generated/**', 'dist/**', 'node_modules/**', 'data/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'test/support/moved-clock.mjs'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Commands and adapters implement Promise-returning interfaces; some have nothing to await.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/platforms/**'], message: 'the bot and the domain never import a platform' }] }],
    },
  },
  {
    files: ['src/main.ts', 'src/build-platforms.ts', 'src/tick-once.ts', 'src/platforms/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // One clock (src/clock.ts): product code takes the time from an injected Clock, so tests and
    // previews move through time and no test passes only in the weeks after it was written.
    files: ['src/**/*.ts'],
    ignores: ['src/clock.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'read the time from the injected Clock (src/clock.ts), not new Date()' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'read the time from the injected Clock (src/clock.ts); durations use monotonicMs()' },
        { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(now|local)$/][arguments.length=0]", message: 'read the time from the injected Clock (src/clock.ts), not DateTime.now()' },
        { selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']", message: 'use monotonicMs() from src/clock.ts' },
      ],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/db/**', '@prisma/*', 'express', '**/platforms/**', '**/bot/**'], message: 'the domain is pure: no database, platform or bot imports' },
      ] }],
    },
  },
);
