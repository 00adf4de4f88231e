#!/usr/bin/env node
/**
 * `npm start [-- --data DIR]`: build, then open the desktop app. When Electron's binary is not
 * installed (npm skipped or failed its download), serve the same app to a browser instead:
 * the HTTP host on http://127.0.0.1:5190 over the same data folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHostBuilt } from './host.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function binOf(pkg, name = pkg) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name];
  return path.join(path.dirname(manifestPath), bin);
}

/** The Electron executable, or why there is none. */
function findElectron() {
  try {
    // The electron package exports the binary's path, and throws if it was never downloaded.
    const executable = require('electron');
    if (typeof executable === 'string' && fs.existsSync(executable)) return { executable };
    return { reason: `the electron package points at ${executable}, which does not exist` };
  } catch (err) {
    return { reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Runs a child to its end with our stdio; its exit code becomes ours if it fails. */
function runOrExit(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Runs a long-lived child, forwards Ctrl+C / termination to it, and exits with its code. */
function runForeground(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const started = performance.now();
console.log('ClinicDesk: building (electron-vite build)…');
runOrExit(process.execPath, [binOf('electron-vite'), 'build']);
console.log(`ClinicDesk: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const electron = findElectron();
if (electron.executable) {
  // Started from a terminal that exported it, this variable would make Electron a plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  runForeground(electron.executable, ['.', ...args], env);
} else {
  const portIndex = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const port =
    portIndex === -1
      ? '5190'
      : args[portIndex].includes('=')
        ? args[portIndex].split('=')[1]
        : args[portIndex + 1];
  console.log(
    [
      '',
      `ClinicDesk: Electron's binary is not installed (${electron.reason}).`,
      '  npm skips that download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, or when it cannot reach',
      '  the download server; `node node_modules/electron/install.js` fetches it later.',
      `  Starting ClinicDesk in browser mode instead: open http://127.0.0.1:${port} (Ctrl+C stops it).`,
      '',
    ].join('\n'),
  );
  // The built host (out/host/cli.js, rebuilt when its sources changed): plain Node, no tsx.
  // Defaults first: a --port or --data given to `npm start --` comes later and wins.
  runForeground(process.execPath, [
    ensureHostBuilt(),
    'serve',
    '--port',
    '5190',
    '--static',
    path.join(root, 'out', 'renderer'),
    ...args,
  ]);
}
