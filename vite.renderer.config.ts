/**
 * The renderer alone (`npm run build:renderer`): what browser mode serves and what the e2e tests
 * drive. Same settings as the renderer part of electron.vite.config.ts.
 */
import { defineConfig } from 'vite';
import { rendererConfig } from './electron.vite.config';

export default defineConfig({ ...rendererConfig, build: rendererConfig.build });
