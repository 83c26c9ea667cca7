/**
 * The seams where the runner turns source values into item values and decides which source
 * column feeds which item. The defaults are `compileValueParser` (transforms.ts) and `autoMapping`
 * (columnMapping.ts); tests and special sources may pass their own.
 */
import type { CodeSet, DataItem } from '../../catalog/index.js';
import type { AutoMapping } from '../columnMapping.js';
import type { ColumnMapping } from '../model.js';
import type { Parsed } from '../transforms.js';

export type ValueParser = (raw: unknown) => Parsed;
/** Compiles, once per run and item, how one item's source values are parsed. */
export type ParserFactory = (item: DataItem, codeSet?: CodeSet, mapping?: ColumnMapping) => ValueParser;
/** Decides which source column feeds which item, the explicit mapping first. */
export type ColumnMapper = (columns: readonly string[], items: readonly DataItem[], explicit?: readonly ColumnMapping[]) => AutoMapping;
