import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES } from '../../src/core/host/csp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the content security policy', () => {
  it('in the renderer page is the shared policy, less what a meta tag cannot carry', () => {
    const html = fs.readFileSync(path.join(root, 'src', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta, 'index.html has a CSP meta tag').toBeDefined();
    const inMeta = meta!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean);
    expect(inMeta.sort()).toEqual(
      CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).sort(),
    );
  });

  it('is what the HTTP host and the desktop app send (both import it)', () => {
    for (const file of ['src/core/host/http.ts', 'src/main/security.ts']) {
      const source = fs.readFileSync(path.join(root, file), 'utf8');
      expect(source, file).toMatch(
        /import \{ CONTENT_SECURITY_POLICY \} from '(\.\/|\.\.\/core\/host\/)csp'/,
      );
      expect(source, `${file} has no policy of its own`).not.toMatch(/default-src/);
    }
  });
});
