// Local nx plugin: gives every project that has a project.json the same build / typecheck / lint /
// test / test:integration targets, so project.json files only carry a name and tags. Cache settings
// and inputs live in nx.json targetDefaults. (CommonJS because nx loads plugins with require.)
const { dirname } = require('node:path');

/** @param {string} root */
function targets(root) {
  /** @param {string} command */
  const run = (command) => ({ executor: 'nx:run-commands', options: { command, cwd: '{workspaceRoot}' } });
  const integrationPattern = `'${root.replace(/[.]/g, '\\\\.')}/.*\\.integration-spec\\.ts$'`;
  return {
    build: run(`node scripts/build.mjs ${root}`),
    typecheck: run(`node scripts/typecheck.mjs ${root}`),
    lint: run(`node scripts/lint.mjs ${root}`),
    test: run(`node scripts/test.mjs --skip-typecheck ${root}/`),
    'test:integration': run(`node scripts/test.mjs --skip-typecheck ${integrationPattern}`),
  };
}

module.exports = {
  name: 'security-orchestrator-targets',
  createNodesV2: [
    '**/project.json',
    async (files) =>
      files
        .filter((file) => !file.startsWith('node_modules/') && !file.startsWith('dist/') && file !== 'project.json')
        .map((file) => {
          const root = dirname(file);
          return [file, { projects: { [root]: { targets: targets(root) } } }];
        }),
  ],
};
