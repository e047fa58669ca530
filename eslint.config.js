import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['src/db/generated/**', 'dist/**', 'node_modules/**', 'data/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Commands and adapters implement Promise-returning interfaces; some have nothing to await.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/platforms/**'], message: 'the bot and the domain never import a platform' }] }],
    },
  },
  {
    files: ['src/main.ts', 'src/platforms/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
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
