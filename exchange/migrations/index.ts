import type { Migration } from '../../shared/index.js';
import { exchangeTables } from './exchangeTables.js';
import { ledgerArchives } from './ledgerArchives.js';
import { ledgerTables } from './ledgerTables.js';
import { supervisionTables } from './supervisionTables.js';

export const exchangeMigrations: readonly Migration[] = [exchangeTables, ledgerTables, ledgerArchives, supervisionTables];
