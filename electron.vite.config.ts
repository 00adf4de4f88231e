/**
 * One build for the three Electron pieces:
 *   main     src/main/index.ts     -> out/main/index.js (ESM, "type": "module"), + out/main/migrations
 *   preload  src/preload/index.ts  -> out/preload/index.cjs (CommonJS: a sandboxed preload cannot be ESM)
 *   renderer src/renderer/index.html -> out/renderer (also what the HTTP host serves in browser mode)
 * `electron-vite build` needs no Electron binary; `vite build --config vite.renderer.config.ts`
 * builds the renderer alone from the same settings (the e2e tests use it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type RendererViteConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const MIGRATIONS_SOURCE = path.join(root, 'src', 'core', 'db', 'migrations');

/**
 * Copies the drizzle migrations beside a Node bundle (out/main/migrations, out/host/migrations), where
 * `defaultMigrationsFolder()` in src/core/db/open.ts looks for them. Only what runs at open time
 * is copied: the SQL files and meta/_journal.json (the snapshots are drizzle-kit's working files).
 */
export function copyMigrations(): Plugin {
  return {
    name: 'clinicdesk:copy-migrations',
    apply: 'build',
    writeBundle(options) {
      const outDir = options.dir ?? (options.file ? path.dirname(options.file) : null);
      if (!outDir) throw new Error('copy-migrations: the main build has no output folder');
      const target = path.join(outDir, 'migrations');
      fs.rmSync(target, { recursive: true, force: true });
      fs.mkdirSync(path.join(target, 'meta'), { recursive: true });
      for (const name of fs.readdirSync(MIGRATIONS_SOURCE)) {
        if (name.endsWith('.sql'))
          fs.copyFileSync(path.join(MIGRATIONS_SOURCE, name), path.join(target, name));
      }
      fs.copyFileSync(
        path.join(MIGRATIONS_SOURCE, 'meta', '_journal.json'),
        path.join(target, 'meta', '_journal.json'),
      );
    },
  };
}

/**
 * The dev server only: @vitejs/plugin-react injects an inline React Refresh preamble, which the
 * CSP meta tag (script-src 'self') would block. Built files keep the strict policy.
 */
function devServerCsp(): Plugin {
  return {
    name: 'clinicdesk:dev-server-csp',
    apply: 'serve',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
    },
  };
}

/**
 * The renderer's settings, shared with vite.renderer.config.ts so both builds give the same
 * out/renderer. Everything electron-vite would otherwise default is spelled out here.
 * The target is es2022, not Electron's Chrome: in browser mode the same files are served to
 * whatever browser a second front-desk PC runs.
 */
export const rendererConfig: RendererViteConfig = {
  root: path.join(root, 'src', 'renderer'),
  base: './',
  plugins: [react(), devServerCsp()],
  build: {
    outDir: path.join(root, 'out', 'renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // Browser mode serves these files over the LAN to other desks: keep them small.
    minify: 'esbuild',
    // The polyfill is an inline script, which the CSP (script-src 'self') refuses.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    // The vendor file is React + MUI + Luxon (~530 kB, ~160 kB gzipped), read from disk or the LAN.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: path.join(root, 'src', 'renderer', 'index.html'),
      // Libraries change less often than our code: in their own file they stay in the browser's cache.
      output: {
        manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined),
      },
    },
  },
};

export default defineConfig({
  main: {
    plugins: [copyMigrations()],
    build: {
      outDir: path.join(root, 'out', 'main'),
      // better-sqlite3 (native), drizzle-orm, luxon and zod stay in node_modules: electron-builder
      // packs the production dependencies and rebuilds better-sqlite3 for Electron's ABI.
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: path.join(root, 'src', 'main', 'index.ts'),
          // The no-show model's training thread loads it beside index.js
          // (src/core/reports/service/noshowTraining.ts).
          noshowTrainer: path.join(root, 'src', 'core', 'reports', 'service', 'noshowTrainer.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: path.join(root, 'out', 'preload'),
      // A sandboxed preload gets a small `require` for 'electron' only: bundle everything else in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: path.join(root, 'src', 'preload', 'index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
