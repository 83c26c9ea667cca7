/**
 * Opens the adapter a binding names. `overrideLocation` reads another file or URL of the same
 * kind and options (an uploaded file, a test fixture).
 */
import { InputError } from '../../shared/index.js';
import type { SourceAdapter, SourceBinding } from '../model.js';
import { csvSource } from './csv.js';
import { excelSource } from './excel.js';
import { restSource } from './rest.js';
import { sqlSource } from './sql.js';

export function openSource(binding: SourceBinding, overrideLocation?: string): SourceAdapter {
  const location = overrideLocation ?? binding.location;
  const { options } = binding;
  switch (binding.kind) {
    case 'csv':
      return csvSource(location, { encoding: options.encoding, delimiter: options.delimiter });
    case 'excel':
      return excelSource(location, { sheet: options.sheet });
    case 'rest':
      return restSource(location, options);
    case 'sql':
      return sqlSource(location, { table: options.table, query: options.query, watermark: options.watermark });
    default: {
      const unreachable: never = binding.kind;
      throw new InputError('invalid source binding', [{ field: 'kind', message: `is not a known kind: ${String(unreachable)}` }]);
    }
  }
}
