import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  checkpointNow,
  checkpointSignerFrom,
  ed25519Signer,
  ed25519Verifier,
  exportCheckpoints,
  hmacSigner,
  Ledger,
  LedgerKey,
  readCheckpointFile,
  verifyLedger,
  writeCheckpointFile,
} from '../../../exchange/index.js';
import { ConflictError, InputError, loadConfig } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { Attacker, buildLedger, draftNo, LEDGER_SECRET, restoreLedger, signer, tickingClock } from './fixtures.js';

const AT = new Date('2026-03-05T02:00:00.000Z');

describe('checkpoint files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'govshare-checkpoints-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const checkpoint = { seq: 100, hash: 'a'.repeat(64), at: AT.toISOString(), algorithm: 'HMAC-SHA256' as const, keyId: 'k1', signature: 'c2ln' };

  it('round-trips checkpoints through a JSON file', async () => {
    const file = join(dir, 'round-trip.json');
    await writeCheckpointFile(file, [checkpoint, { ...checkpoint, seq: 200 }], () => AT);
    expect(await readCheckpointFile(file)).to.deep.equal([checkpoint, { ...checkpoint, seq: 200 }]);
  });

  it('reads a bare JSON array of checkpoints too', async () => {
    const file = join(dir, 'bare.json');
    writeFileSync(file, JSON.stringify([checkpoint]));
    expect(await readCheckpointFile(file)).to.deep.equal([checkpoint]);
  });

  it('rejects a file with bad checkpoints in one InputError naming every bad field', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ checkpoints: [{ ...checkpoint, seq: 0, hash: 'xyz' }, { ...checkpoint, algorithm: 'MD5' }] }));
    const err = await readCheckpointFile(file).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.field)).to.deep.equal(['checkpoints/0/seq', 'checkpoints/0/hash', 'checkpoints/1/algorithm']);
  });

  it('rejects a missing file with an InputError', async () => {
    const err = await readCheckpointFile(join(dir, 'missing.json')).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(InputError);
    expect((err as Error).message).to.include('does not exist');
  });
});

describeEngines('checkpointNow and exported checkpoints', (ctx) => {
  beforeEach(async () => {
    await restoreLedger(ctx.db.knex);
  });

  it('returns null on an empty ledger', async () => {
    expect(await checkpointNow(ctx.db, signer, { now: () => AT })).to.equal(null);
  });

  it('signs the head when no checkpoint stands there, and the signature verifies', async () => {
    await buildLedger(ctx.db, 42, 100);
    const head = await new Attacker(ctx.db.knex).entry(42);
    const checkpoint = await checkpointNow(ctx.db, signer, { now: () => AT });
    expect(checkpoint).to.include({ seq: 42, hash: head.hash, at: AT.toISOString(), algorithm: 'HMAC-SHA256', keyId: signer.keyId });
    expect(signer.verify(checkpoint!)).to.equal(true);
    expect(await exportCheckpoints(ctx.db.knex)).to.deep.equal([checkpoint]);
  });

  it('returns the checkpoint already at the head instead of signing another', async () => {
    await buildLedger(ctx.db, 100, 100); // the appender checkpoints entry 100
    const [stored] = await exportCheckpoints(ctx.db.knex);
    expect(await checkpointNow(ctx.db, signer, { now: () => AT })).to.deep.equal(stored);
    expect(await exportCheckpoints(ctx.db.knex)).to.have.length(1);
  });

  it('refuses to sign a head that does not name its entry', async () => {
    await buildLedger(ctx.db, 30, 100);
    await new Attacker(ctx.db.knex).truncateFrom(21);
    const err = await checkpointNow(ctx.db, signer).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(ConflictError);
    expect(await exportCheckpoints(ctx.db.knex)).to.deep.equal([]);
  });

  it('checkpoints signed with an Ed25519 key verify with the public key alone, and a forged one does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govshare-ed25519-'));
    try {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const keyFile = join(dir, 'ledger.pem');
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const ed = ed25519Signer(keyFile);
      const ledger = new Ledger(ctx.db, { signer: ed, checkpointEvery: 10, now: tickingClock() });
      await Promise.all(Array.from({ length: 25 }, (_, i) => ledger.append(draftNo(i + 1))));
      await ledger.idle();
      await checkpointNow(ctx.db, ed);
      const verifier = ed25519Verifier(publicKey);
      expect(await verifyLedger(ctx.db.knex, { verifier })).to.deep.include({ ok: true, entries: 25 });
      // An HMAC signer cannot vouch for Ed25519 checkpoints, nor the reverse.
      expect(await verifyLedger(ctx.db.knex, { verifier: signer })).to.have.nested.property('problem.kind', 'checkpoint');
      await ctx.db.knex('ledger_checkpoints').where({ seq: 25 }).update({ hash: 'b'.repeat(64) });
      expect(await verifyLedger(ctx.db.knex, { verifier })).to.nested.include({ 'problem.kind': 'checkpoint', 'problem.seq': 25 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds the configured signer: the ledger key\'s HMAC, or Ed25519 from the signing key file', async () => {
    const hmac = checkpointSignerFrom(loadConfig({ GOVSHARE_LEDGER_KEY: LEDGER_SECRET, NODE_ENV: 'test' }));
    expect(hmac.keyId).to.equal(hmacSigner(new LedgerKey(Buffer.from(LEDGER_SECRET))).keyId);
    const dir = mkdtempSync(join(tmpdir(), 'govshare-ed25519-'));
    try {
      const keyFile = join(dir, 'ledger.pem');
      writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
      expect(checkpointSignerFrom(loadConfig({ GOVSHARE_LEDGER_KEY: LEDGER_SECRET, GOVSHARE_LEDGER_SIGNING_KEY_FILE: keyFile })).algorithm).to.equal('Ed25519');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
