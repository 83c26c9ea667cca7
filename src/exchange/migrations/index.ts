import type { Migration } from '../../shared/migrations.js';
import { exchangeTables } from './exchangeTables.js';
import { ledgerTables } from './ledgerTables.js';

export const exchangeMigrations: readonly Migration[] = [exchangeTables, ledgerTables];
