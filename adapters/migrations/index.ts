import type { Migration } from '../../shared/index.js';
import { adapterTables } from './adapterTables.js';

export const adapterMigrations: readonly Migration[] = [adapterTables];
