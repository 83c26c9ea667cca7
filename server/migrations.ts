/**
 * Every area's migrations, in one list for `govshare migrate`, the server and the tests. It lives at
 * the root, beside no area, so that commands that only migrate and sync never load the HTTP stack.
 */
import { adapterMigrations } from '../adapters/index.js';
import { catalogMigrations } from '../catalog/index.js';
import { exchangeMigrations } from '../exchange/index.js';
import type { Migration } from '../shared/index.js';

export const allMigrations: readonly Migration[] = [...catalogMigrations, ...exchangeMigrations, ...adapterMigrations];
