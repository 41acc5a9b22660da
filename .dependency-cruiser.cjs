// The house's layering, checked on every `npm test` (npm run layers). A layer imports only the
// layers below it: shared ← engine/base ← store ← io, dsp ← ml, export (and demo.ts) ← jobs ←
// bundle ← cluster ← engine.ts ← api ← the Electron shell and the CLI. Job bundles run jobs
// (bundle/ above jobs/); clusters carry bundles (cluster/ above bundle/). The renderer talks to the main process only
// through the contract in shared/; 'electron' is imported by the shell and the preload alone.

/** Lowest first; a layer may import its own and lower layers only. */
const layers = [
  { name: 'shared', path: '^src/shared/' },
  { name: 'engine-base', path: '^src/main/engine/base/' },
  { name: 'store', path: '^src/main/engine/store/' },
  { name: 'io-dsp', path: '^src/main/engine/(io|dsp)/' },
  { name: 'ml-export', path: '^src/main/engine/(ml|export)/|^src/main/engine/demo\\.ts$' },
  { name: 'jobs', path: '^src/main/engine/jobs/' },
  { name: 'bundle', path: '^src/main/engine/bundle/' },
  { name: 'cluster', path: '^src/main/engine/cluster/' },
  { name: 'engine', path: '^src/main/engine/engine\\.ts$' },
  { name: 'api', path: '^src/main/engine/api/' },
  { name: 'shell-cli', path: '^src/main/(shell/|cli/|index\\.ts$|cli\\.ts$)' },
];

const upward = layers.slice(0, -1).map((layer, i) => ({
  name: `${layer.name}-imports-up`,
  comment: `${layer.name} may import only ${layers.slice(0, i + 1).map((l) => l.name).join(', ')}`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: layers.slice(i + 1).map((l) => l.path).join('|') },
}));

/** Two parts that stand side by side: neither imports the other. */
function siblings(name, a, b, comment) {
  return [
    { name: `${name}-siblings`, comment, severity: 'error', from: { path: a }, to: { path: b } },
    { name: `${name}-siblings`, comment, severity: 'error', from: { path: b }, to: { path: a } },
  ];
}

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'ml-imports-export',
      comment: 'export builds on ml (models, persistence), never the other way round',
      severity: 'error',
      from: { path: '^src/main/engine/ml/' },
      to: { path: '^src/main/engine/export/' },
    },
    ...siblings('io-dsp', '^src/main/engine/io/', '^src/main/engine/dsp/', 'importers and signal processing stand side by side on the store'),
    ...siblings('shell-cli', '^src/main/(shell/|index\\.ts$)', '^src/main/(cli/|cli\\.ts$)', 'the Electron shell and the CLI are two front ends over the same engine'),
    {
      name: 'renderer-only-shared',
      comment: 'the renderer reaches the main process through window.api and the contract only',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/', pathNot: '^src/(renderer|shared)/' },
    },
    {
      name: 'preload-only-shared',
      severity: 'error',
      from: { path: '^src/preload/' },
      to: { path: '^src/', pathNot: '^src/(preload|shared)/' },
    },
    {
      name: 'electron-only-in-shell',
      comment: 'everything but the shell and the preload runs under plain Node',
      severity: 'error',
      from: { pathNot: '^src/(main/shell/|main/index\\.ts$|preload/)' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|test|bench)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
