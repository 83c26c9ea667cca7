import type { Migration } from '../../shared/migrations.js';
import { catalogTables } from './catalogTables.js';

export const catalogMigrations: readonly Migration[] = [catalogTables];
