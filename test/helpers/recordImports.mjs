/**
 * `node --import ./test/helpers/recordImports.mjs …`: appends every package a process loads by a
 * bare name (`twilio`, `@googleapis/calendar`, `drizzle-orm/sqlite-core`), through `import` or
 * `require`, to the file named by CLINICDESK_RECORD_IMPORTS, one a line. Tests use it to prove the
 * host leaves the integrations it was not asked to use unloaded.
 */
import fs from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.CLINICDESK_RECORD_IMPORTS;
const BARE = /^(?![./]|[a-z]+:)/;

if (file) {
  // import: a resolve hook (it runs on the loader thread, which sees the same environment).
  const hooks = `
import fs from 'node:fs';
const file = process.env.CLINICDESK_RECORD_IMPORTS;
export async function resolve(specifier, context, next) {
  if (${BARE}.test(specifier)) fs.appendFileSync(file, specifier + '\\n');
  return next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  // require (createRequire included): the CommonJS loader's one entry point.
  const load = Module._load;
  Module._load = function recordLoad(request, ...rest) {
    if (BARE.test(request)) fs.appendFileSync(file, `${request}\n`);
    return load.call(this, request, ...rest);
  };
}
