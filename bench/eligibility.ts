/**
 * How fast parse271 reads the corpus 271s (../shared/data/x12/271). Target: ≥ 2,000 parses/s.
 * `npx tsx bench/eligibility.ts` prints the figure; bench/run.ts can call benchParse271().
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse271 } from '../src/core/eligibility';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.resolve(here, '..', '../shared/data/x12/271');

export async function benchParse271(
  durationMs = 2000,
): Promise<{ parse271PerSec: number; files: number }> {
  if (!fs.existsSync(corpusDir)) {
    throw new Error(`benchParse271 needs the X12 corpus at ${corpusDir}`);
  }
  const texts = fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.271'))
    .map((f) => fs.readFileSync(path.join(corpusDir, f), 'utf8'));
  for (const t of texts) parse271(t); // warm-up, and fail early on a broken file
  let parses = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (const t of texts) parse271(t);
    parses += texts.length;
    elapsed = performance.now() - start;
    // Yield now and then so a caller's timers and I/O are not starved for 2 s.
    if (parses % (texts.length * 50) === 0) await new Promise((r) => setImmediate(r));
  }
  return { parse271PerSec: Math.round((parses * 1000) / elapsed), files: texts.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await benchParse271();
  console.log(
    `parse271: ${r.parse271PerSec.toLocaleString('en-US')} parses/s over ${r.files} corpus files (target ≥ 2,000)`,
  );
}
