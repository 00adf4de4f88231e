/**
 * Once per e2e run: build the app exactly as `npm run build` does (main, preload, renderer), so
 * the browser tests drive the real out/renderer and the desktop-main test loads the real bundle.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserUnavailable } from './chromium';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default function setup(): void {
  const reason = browserUnavailable();
  if (reason && process.env.CI) {
    throw new Error(
      `e2e: ${reason}. CI must run the browser tests: install Chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  if (result.status !== 0) {
    throw new Error(
      `e2e: electron-vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  console.log(`[e2e] electron-vite build: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
