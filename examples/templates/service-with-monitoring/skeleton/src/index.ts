/**
 * Makes `node --test dist/` (the `test` script) run every test on every Node version.
 *
 * Node 20 searches the folder dist/ for `*.test.js` files itself (and skips this file). Node 22
 * and later read the argument as a file pattern, so `dist/` names the folder as a module, this
 * file, which loads every compiled test file. The service never loads it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

for (const file of readdirSync(__dirname).sort()) {
  if (file.endsWith('.test.js')) require(join(__dirname, file));
}
