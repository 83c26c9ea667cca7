import { expect } from 'chai';
import fc from 'fast-check';
import { verifyLedger, type LedgerProblemKind } from '../../../exchange/index.js';
import { describeEngines } from '../../support/engines.js';
import { Attacker, buildLedger, restoreLedger, signer, snapshotLedger, type LedgerSnapshot } from './fixtures.js';

type Tamper = { op: 'change' | 'rehash' | 'remove' | 'removeRenumber' | 'insertRenumber'; seq: number } | { op: 'swap'; seq: number; other: number };

const N = 120;

/** What each tampering must be reported as. */
function expected(t: Tamper): [number, LedgerProblemKind] {
  switch (t.op) {
    case 'change':
    case 'rehash':
      return [t.seq, 'changed'];
    case 'remove':
    case 'removeRenumber':
      return [t.seq, 'removed'];
    case 'insertRenumber':
      return [t.seq, 'inserted'];
    case 'swap':
      return [t.seq, 'reordered'];
  }
}

async function apply(attacker: Attacker, t: Tamper): Promise<void> {
  switch (t.op) {
    case 'change':
      return attacker.changeByte(t.seq, t.seq % 2 ? 'action' : 'fields');
    case 'rehash':
      return attacker.changeAndRehash(t.seq, { actor: 'someone-else' });
    case 'remove':
      return attacker.remove(t.seq);
    case 'removeRenumber':
      await attacker.remove(t.seq);
      await attacker.renumber(t.seq + 1, -1);
      return attacker.fixHead();
    case 'insertRenumber':
      await attacker.renumber(t.seq, +1);
      await attacker.insert(attacker.forge(t.seq, t.seq > 1 ? (await attacker.entry(t.seq - 1)).hash : '0'.repeat(64)));
      return attacker.fixHead();
    case 'swap':
      return attacker.swap(t.seq, t.other);
  }
}

const tampering: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({ op: fc.constantFrom('change' as const), seq: fc.integer({ min: 1, max: N }) }),
  // Re-hashing the last but one entry looks exactly like a forged last entry (named as inserted).
  fc.record({ op: fc.constantFrom('rehash' as const), seq: fc.oneof(fc.integer({ min: 1, max: N - 2 }), fc.constant(N)) }),
  // Removing the last entry is a truncation; the cases below keep at least one entry after.
  fc.record({ op: fc.constantFrom('remove' as const, 'removeRenumber' as const, 'insertRenumber' as const), seq: fc.integer({ min: 1, max: N - 1 }) }),
  fc
    .tuple(fc.integer({ min: 1, max: N - 1 }), fc.integer({ min: 1, max: 40 }))
    .map(([seq, gap]) => ({ op: 'swap' as const, seq, other: Math.min(N, seq + gap) })),
);

describeEngines('verifyLedger locates every kind of tampering at any position', (ctx) => {
  let pristine: LedgerSnapshot;

  before(async () => {
    await buildLedger(ctx.db, N, 50);
    pristine = await snapshotLedger(ctx.db.knex);
  });

  it('names the tampered entry and the kind of tampering, wherever it is', async () => {
    const attacker = new Attacker(ctx.db.knex);
    await fc.assert(
      fc.asyncProperty(tampering, async (t) => {
        await restoreLedger(ctx.db.knex, pristine);
        await apply(attacker, t);
        const result = await verifyLedger(ctx.db.knex, { verifier: signer, pageSize: 16 });
        expect(result.ok, JSON.stringify(t)).to.equal(false);
        if (result.ok) return;
        expect([result.problem.seq, result.problem.kind], `${JSON.stringify(t)}: ${result.problem.message}`).to.deep.equal(expected(t));
      }),
      { numRuns: 40 },
    );
  });
});
