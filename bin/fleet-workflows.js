#!/usr/bin/env node
'use strict';
// The package's `bin`: `npx fleet-workflows …` from the repository. TypeScript is compiled
// on the fly by @swc-node/register (a runtime dependency), as `npm run worker` does.
const { join } = require('node:path');

process.env.SWC_NODE_PROJECT ??= join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require(join(__dirname, '..', 'starters', 'cli', 'main.ts'));
