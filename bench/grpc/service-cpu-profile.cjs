// Preloaded into each service process by bench/grpc (NODE_OPTIONS=--require ..., since Node
// refuses --cpu-prof in NODE_OPTIONS): samples the process from start to exit and writes
// <SO_CPU_PROFILE_DIR>/<pid>-<entry>.cpuprofile, readable by bench/static-audit/cpu-profile-top.
'use strict';
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const dir = process.env.SO_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // The in-process inspector answers synchronously, so the profile can still be taken at 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const name = basename(dirname(dirname(process.argv[1] ?? 'node')));
      writeFileSync(join(dir, `${process.pid}-${name}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
