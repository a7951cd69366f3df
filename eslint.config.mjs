import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The house has two sides and a contract between them. Imports run one way:
 * Slack side (bot/) → contract/ ← AWS side (functions/, statemachines/), never across.
 * config/ is neutral too; infra/ wires entry points by path and imports neither side's internals.
 */
const SIDE_RULES = {
  'bot/**': ['functions', 'statemachines', 'infra', 'local', 'scripts'],
  'functions/**': ['bot', 'config', 'infra', 'local', 'scripts'],
  'statemachines/**': ['bot', 'functions', 'config', 'infra', 'local', 'scripts'],
  'contract/**': ['bot', 'functions', 'statemachines', 'config', 'infra', 'local', 'scripts'],
  'observability/**': [
    'bot',
    'functions',
    'statemachines',
    'contract',
    'config',
    'infra',
    'local',
    'scripts',
  ],
  'config/**': ['bot', 'functions', 'statemachines', 'infra', 'local', 'scripts'],
  'infra/**': ['bot', 'functions', 'local', 'scripts'],
};
const oneWay = Object.entries(SIDE_RULES).map(([files, banned]) => ({
  files: [files],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: banned.map((folder) => ({
          regex: `^(\\.\\./)+${folder}(/|$)`,
          message: `${files.split('/')[0]}/ may not import ${folder}/: the house's imports run Slack side → contract ← AWS side (see docs/architecture.md).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  ...oneWay,
);
