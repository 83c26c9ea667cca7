#!/usr/bin/env node
// The CLI runs from the compiled output; `npm install` builds it (prepare) and `npm start` rebuilds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('govshare is not built yet: run `npm run build` first.');
  process.exit(1);
}
await import(entry.href);
