import { positionedRowsSource, rowsSource } from '../../adapters/index.js';
import { adapterContract } from './contractSuite.js';

const records = [
  { idNumber: '11010519491231002X', name: '张三', birthDate: '1949-12-31' },
  { idNumber: '441802199001011234', name: '李四', birthDate: null },
  { idNumber: '441881200512120021', name: '王五', birthDate: '2005-12-12' },
];
const expected = () => ({ columns: ['idNumber', 'name', 'birthDate'], rows: records.map((r) => ({ ...r })) });

adapterContract('rows (array)', () => rowsSource(records), expected);
adapterContract('rows (async generator)', () =>
  rowsSource(async function* () {
    for (const r of records) yield r;
  }),
expected);
adapterContract('rows (positioned)', () => positionedRowsSource(records.map((values, i) => ({ position: 10 * (i + 1), values }))), expected);
