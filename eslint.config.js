// Lint: TypeScript rules plus the project's layering (STYLE.md §1): shared ← electron / renderer.
// The rules themselves are tested in test/unit/lint-rules.test.ts; import cycles are checked by
// electron/tools/importCycles.ts, which `npm run lint` runs after ESLint.
import tseslint from 'typescript-eslint';

const nodeOnly = ['node:*', 'fs', 'path', 'child_process', 'better-sqlite3', 'ws', 'electron'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']", message: 'Fokuserede tests (.only) skjuler resten af suiten.' },
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='skip']", message: 'Slåede-fra tests (.skip) skal køre eller slettes.' },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: restrict([...nodeOnly, '**/electron/**', '**/renderer/**', 'react', 'react-dom'], 'shared/ er ren TypeScript: ingen Node, Electron eller React.'),
  },
  {
    files: ['renderer/**'],
    rules: restrict([...nodeOnly, '**/electron/**'], 'renderer/ taler kun med Node-siden gennem API-kontrakten i shared/api.'),
  },
  {
    files: ['electron/**'],
    ignores: ['electron/main/**'],
    rules: restrict(['electron', '**/renderer/**'], 'Kun electron/main/ må importere Electron; alt andet skal kunne køre i ren Node.'),
  },
  {
    files: ['electron/main/**'],
    rules: restrict(['**/renderer/**'], 'Hovedprocessen importerer ikke renderer-kode.'),
  },
);
