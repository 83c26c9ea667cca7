import type { Migration } from '../../shared/index.js';
import { catalogSearch } from './catalogSearch.js';
import { catalogTables } from './catalogTables.js';
import { resourceSync } from './resourceSync.js';

export const catalogMigrations: readonly Migration[] = [catalogTables, resourceSync, catalogSearch];
