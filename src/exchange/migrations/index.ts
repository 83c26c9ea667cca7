import type { Migration } from '../../shared/migrations.js';
import { exchangeTables } from './exchangeTables.js';

export const exchangeMigrations: readonly Migration[] = [exchangeTables];
