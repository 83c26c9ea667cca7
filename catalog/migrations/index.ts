import type { Migration } from '../../shared/migrations.js';
import { catalogSearch } from './catalogSearch.js';
import { catalogTables } from './catalogTables.js';
import { resourceSync } from './resourceSync.js';

export const catalogMigrations: readonly Migration[] = [catalogTables, resourceSync, catalogSearch];
