// Orders test files for a fresh clone, where jest has no record of how long each took: the
// files that start a whole local stack (deploy, fault, e2e) take 20-90 s each, mostly waiting
// on real time, so they go first and the many short files fill the cores around them instead
// of one long file starting last and running alone at the end.
const Sequencer = require('@jest/test-sequencer').default;

const LONG = [/\/test\/deploy\//, /\/test\/fault\//, /\/test\/e2e\//];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const long = (test) => LONG.some((pattern) => pattern.test(test.path));
    const bySize = super.sort(tests);
    return [...bySize.filter(long), ...bySize.filter((test) => !long(test))];
  }
}

module.exports = SlowFirstSequencer;
