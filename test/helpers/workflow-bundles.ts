import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

const ROOT = join(__dirname, '..', '..');
const CACHE_DIR = join(ROOT, '.stack', 'workflow-bundles');
/** Everything a workflow bundle may import (tests' stand-in workflows included), and the SDK's version. */
const SOURCE_DIRS = ['workflows', 'common', 'activities', 'test'];
const LOCKFILE = join(ROOT, 'package-lock.json');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

let sourcesDigest: string | undefined;

/** One hash of every source a bundle could contain: any change to them is a new bundle. */
function digestOfSources(): string {
  if (sourcesDigest) return sourcesDigest;
  const hash = createHash('sha256').update(readFileSync(LOCKFILE));
  for (const file of SOURCE_DIRS.flatMap((dir) => typeScriptFiles(join(ROOT, dir))).sort()) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  sourcesDigest = hash.digest('hex');
  return sourcesDigest;
}

/**
 * The bundle of `workflowsPath` as a file, made by the first test process that asks and read by
 * every other. Bundling takes about 1.3 s of CPU, and some 60 test files and stack workers need
 * one: once per jest run instead of once per file and per worker start. Source maps are inline.
 */
export async function workflowBundleFile(workflowsPath: string): Promise<string> {
  const key = createHash('sha256').update(relative(ROOT, workflowsPath)).update(digestOfSources()).digest('hex').slice(0, 24);
  const codePath = join(CACHE_DIR, `${key}.js`);
  if (existsSync(codePath)) return codePath;
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('ERROR') });
  mkdirSync(CACHE_DIR, { recursive: true });
  // Written aside and renamed: a process reading at the same moment sees the whole file or none.
  const partial = `${codePath}.${process.pid}.partial`;
  writeFileSync(partial, code);
  renameSync(partial, codePath);
  return codePath;
}
