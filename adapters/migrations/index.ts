import type { Migration } from '../../shared/migrations.js';
import { adapterTables } from './adapterTables.js';

export const adapterMigrations: readonly Migration[] = [adapterTables];
