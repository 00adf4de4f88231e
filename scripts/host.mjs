#!/usr/bin/env node
/**
 * `npm run serve` / `npm run demo`: runs the built host (out/host/cli.js) with plain Node, building
 * it first when it is missing or older than what it is built from (src/core, src/shared, the build
 * config, the lockfile). `node scripts/host.mjs --build-only` just brings the build up to date.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_CLI = path.join(root, 'out', 'host', 'cli.js');
const INPUTS = [
  path.join(root, 'src', 'core'),
  path.join(root, 'src', 'shared'),
  path.join(root, 'vite.host.config.ts'),
  path.join(root, 'electron.vite.config.ts'),
  path.join(root, 'package-lock.json'),
];

/** The newest modification time under `p` (a file or a folder), in ms. */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const entry of fs.readdirSync(p))
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why the built host must be rebuilt, or null when it is up to date. */
export function hostBuildStale() {
  let built;
  try {
    built = fs.statSync(HOST_CLI).mtimeMs;
  } catch {
    return `${path.relative(root, HOST_CLI)} is not built yet`;
  }
  const changed = INPUTS.find((p) => newestMtime(p) > built);
  return changed ? `${path.relative(root, changed)} changed since the last build` : null;
}

/** Builds out/host with vite.host.config.ts; exits with vite's code if that fails. */
export function buildHost() {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.host.config.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Builds the host if stale (saying why), then returns the path of the built command line. */
export function ensureHostBuilt() {
  const reason = hostBuildStale();
  if (reason) {
    const started = performance.now();
    console.error(`ClinicDesk: building the host (${reason})…`);
    buildHost();
    console.error(
      `ClinicDesk: host built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return HOST_CLI;
}

/** Runs the built host in the foreground: Ctrl+C and termination reach it; its exit code is ours. */
export function runHost(args) {
  const child = spawn(process.execPath, [ensureHostBuilt(), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--build-only') ensureHostBuilt();
  else runHost(args);
}
