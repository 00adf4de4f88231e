/**
 * The HTTP host's command line, built for Node (`npm run build:host`, part of `npm run build`):
 *   src/core/host/cli.ts -> out/host/cli.js (ESM), + out/host/migrations
 *   src/core/reports/service/noshowTrainer.ts -> out/host/noshowTrainer.js (a worker thread's code)
 * `npm run serve`, `npm run demo` and the browser mode of `npm start` run this file with plain
 * `node`: no TypeScript is compiled while a clinic waits (through tsx the host took ~1.7 s to
 * answer on a large clinic). Every package in node_modules stays external — better-sqlite3 is
 * native, and the integrations (Google, Twilio, SMTP, CalDAV) are imported only when first used,
 * which a bundle would defeat by inlining them.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { copyMigrations } from './electron.vite.config';

const root = path.dirname(fileURLToPath(import.meta.url));

export const HOST_ENTRY = path.join(root, 'src', 'core', 'host', 'cli.ts');
/** The no-show model's training thread loads this beside cli.js (reports/service/noshowTraining.ts). */
export const NOSHOW_TRAINER_ENTRY = path.join(
  root,
  'src',
  'core',
  'reports',
  'service',
  'noshowTrainer.ts',
);
export const HOST_OUT_DIR = path.join(root, 'out', 'host');

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  plugins: [copyMigrations()],
  ssr: {
    // A bare import is a package from node_modules (or node:): leave every one of them to Node,
    // except the pure-JS ones every start needs anyway: Node resolves, reads and compiles each of
    // their files one by one (zod alone is about 60 modules), which a single bundle skips.
    external: true,
    noExternal: ['zod', 'drizzle-orm', 'luxon'],
    target: 'node',
  },
  build: {
    ssr: true,
    outDir: HOST_OUT_DIR,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      input: { cli: HOST_ENTRY, noshowTrainer: NOSHOW_TRAINER_ENTRY },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
