/**
 * The contract every `SourceAdapter` keeps, run against each kind of source by its own test file:
 * `adapterContract('csv (GBK)', () => makeAdapter(), expected)`.
 */
import { expect } from 'chai';
import type { ReadOptions, SourceAdapter, SourceRow } from '../../adapters/index.js';

export interface ContractExpectation {
  /** Column names `describe()` must offer, in order. */
  columns: string[];
  /** Every row the source holds, as values keyed by column, in source order, compared as strings. */
  rows: Record<string, string | null>[];
}

/** Every batch a read yields. */
export async function readBatches(adapter: SourceAdapter, options: Partial<ReadOptions> = {}): Promise<SourceRow[][]> {
  const batches: SourceRow[][] = [];
  for await (const batch of adapter.read({ batchSize: 1000, ...options })) batches.push(batch);
  return batches;
}

/** Every row a read yields, in order. */
export async function readRows(adapter: SourceAdapter, options: Partial<ReadOptions> = {}): Promise<SourceRow[]> {
  return (await readBatches(adapter, options)).flat();
}

const readAll = (adapter: SourceAdapter, batchSize: number) => readBatches(adapter, { batchSize });

function asStrings(values: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v === null || v === undefined || v === '' ? null : v instanceof Date ? v.toISOString() : String(v);
  return out;
}

export function adapterContract(name: string, make: () => Promise<SourceAdapter> | SourceAdapter, expected: () => ContractExpectation): void {
  describe(`SourceAdapter contract: ${name}`, () => {
    let adapter: SourceAdapter;
    beforeEach(async () => {
      adapter = await make();
    });
    afterEach(async () => {
      await adapter.close();
    });

    it('describes its columns in source order', async () => {
      const columns = await adapter.describe();
      expect(columns.map((c) => c.name)).to.deep.equal(expected().columns);
    });

    it('reads every row once, in order, with the values the source holds', async () => {
      const batches = await readAll(adapter, 1000);
      const rows = batches.flat();
      expect(rows.map((r) => asStrings(r.values))).to.deep.equal(expected().rows);
    });

    it('keeps batches at or under the batch size and never yields an empty batch', async () => {
      const batches = await readAll(adapter, 2);
      expect(batches.every((b) => b.length > 0 && b.length <= 2)).to.equal(true);
      expect(batches.flat()).to.have.length(expected().rows.length);
    });

    it('gives each row a position that increases through the source', async () => {
      const positions = (await readAll(adapter, 3)).flat().map((r) => r.position);
      for (let i = 1; i < positions.length; i++) expect(positions[i]).to.be.greaterThan(positions[i - 1]!);
    });

    it('can be read twice and gives the same rows', async () => {
      const first = (await readAll(adapter, 1000)).flat().map((r) => asStrings(r.values));
      const second = (await readAll(adapter, 1000)).flat().map((r) => asStrings(r.values));
      expect(second).to.deep.equal(first);
    });

    it('stops when its signal is aborted', async () => {
      const controller = new AbortController();
      let batches = 0;
      let failed: unknown;
      try {
        for await (const _batch of adapter.read({ batchSize: 1, signal: controller.signal })) {
          batches++;
          controller.abort();
        }
      } catch (err) {
        failed = err;
      }
      expect(batches).to.be.at.most(1);
      if (expected().rows.length > 1) expect(failed, 'aborting rejects the read').to.be.instanceOf(Error);
    });
  });
}
