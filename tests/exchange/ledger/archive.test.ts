import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'chai';
import {
  archiveLedger,
  canonicalJson,
  exportCheckpoints,
  listArchives,
  seal,
  sha256,
  verifyArchive,
  verifyLedger,
  type ArchiveVerification,
  type LedgerEntry,
} from '../../../exchange/index.js';
import { InputError, ConflictError } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { Attacker, buildLedger, restoreLedger, signer, snapshotLedger, type LedgerSnapshot } from './fixtures.js';

const NOW = () => new Date('2026-03-06T08:00:00.000Z');

function problemOf(result: ArchiveVerification) {
  expect(result.ok, 'the archive tampering went unnoticed').to.equal(false);
  return (result as Extract<ArchiveVerification, { ok: false }>).problem;
}

/** Rewrites line `n` (1-based) of a file. */
function editLine(file: string, n: number, edit: (line: string) => string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[n - 1] = edit(lines[n - 1]!);
  writeFileSync(file, lines.join('\n'));
}

function swapLines(file: string, a: number, b: number): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  [lines[a - 1], lines[b - 1]] = [lines[b - 1]!, lines[a - 1]!];
  writeFileSync(file, lines.join('\n'));
}

describeEngines('archiving the ledger to sealed JSON Lines files', (ctx) => {
  let pristine: LedgerSnapshot;
  let dir: string;
  let n = 0;
  const file = () => join(dir, `archive-${++n}.jsonl`);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'govshare-archive-'));
    await buildLedger(ctx.db, 300, 100);
    pristine = await snapshotLedger(ctx.db.knex);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    await restoreLedger(ctx.db.knex, pristine);
  });

  it('writes entries in seq order and a seal, records the archive, and verifies', async () => {
    const out = file();
    const archive = await archiveLedger(ctx.db, { through: 120, file: out, now: NOW, pageSize: 50 });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).to.have.length(121);
    expect(lines.slice(0, -1).map((l) => JSON.parse(l).seq)).to.deep.equal(Array.from({ length: 120 }, (_, i) => i + 1));
    const sealLine = JSON.parse(lines[120]!).archive;
    const last = await new Attacker(ctx.db.knex).entry(120);
    expect(sealLine).to.deep.equal({ first: 1, last: 120, lastHash: last.hash, previousArchive: null, sha256: sha256(lines.slice(0, -1).map((l) => `${l}\n`).join('')), createdAt: NOW().toISOString() });
    expect(archive).to.deep.include({ first: 1, last: 120, lastHash: last.hash, fileSha256: sha256(readFileSync(out, 'utf8')), previousSha256: null, fileName: basename(out) });
    expect(await listArchives(ctx.db.knex)).to.deep.equal([archive]);
    expect(await verifyArchive(out)).to.deep.equal({ ok: true, first: 1, last: 120, lastHash: last.hash, entries: 120, sha256: archive.fileSha256, previous: 'genesis' });
  });

  it('continues where the previous archive stopped and links to it', async () => {
    const first = file();
    const second = file();
    const a = await archiveLedger(ctx.db, { through: 100, file: first, now: NOW });
    const b = await archiveLedger(ctx.db, { through: 300, file: second, now: NOW });
    expect([b.first, b.last, b.previousSha256]).to.deep.equal([101, 300, a.fileSha256]);
    expect(await verifyArchive(second, first)).to.deep.include({ ok: true, first: 101, last: 300, previous: 'verified' });
    expect(await verifyArchive(second)).to.deep.include({ ok: true, previous: 'unchecked' });
    // Archiving leaves the ledger whole.
    expect(await verifyLedger(ctx.db.knex, { verifier: signer })).to.deep.include({ ok: true, entries: 300 });
  });

  it('archives the entries appended before an instant', async () => {
    const cut = (await new Attacker(ctx.db.knex).entry(151)).at; // entries commit in rounds: 101..200 share one instant
    const archive = await archiveLedger(ctx.db, { before: cut, file: file(), now: NOW });
    expect([archive.first, archive.last]).to.deep.equal([1, 100]);
  });

  it('refuses bad ranges, an existing file and an empty range, naming every bad field', async () => {
    const out = file();
    writeFileSync(out, 'already here');
    const err = (await archiveLedger(ctx.db, { through: 0, before: 'yesterday', file: out }).catch((e: unknown) => e)) as InputError;
    expect(err).to.be.instanceOf(InputError);
    expect(err.problems.map((p) => p.field)).to.deep.equal(['through', 'through', 'before', 'file']);
    expect(await archiveLedger(ctx.db, { through: 301, file: file() }).catch((e: unknown) => e)).to.be.instanceOf(InputError);
    await archiveLedger(ctx.db, { through: 50, file: file() });
    const again = (await archiveLedger(ctx.db, { through: 50, file: file() }).catch((e: unknown) => e)) as InputError;
    expect(again.message).to.include('already archived');
    expect(await listArchives(ctx.db.knex)).to.have.length(1);
  });

  it('refuses to archive a tampered ledger, and leaves no file behind', async () => {
    await new Attacker(ctx.db.knex).changeByte(30);
    const out = file();
    expect(await archiveLedger(ctx.db, { through: 100, file: out }).catch((e: unknown) => e)).to.be.instanceOf(ConflictError);
    expect(() => readFileSync(out)).to.throw();
    expect(await listArchives(ctx.db.knex)).to.deep.equal([]);
  });

  describe('tampered archive files', () => {
    let out: string;
    beforeEach(async () => {
      out = file();
      await archiveLedger(ctx.db, { through: 100, file: out, now: NOW });
    });

    it('a changed byte in one line is named as changed at that entry', async () => {
      editLine(out, 40, (l) => l.replace('社保参保资格核验', '社保参保资格核査'));
      expect(problemOf(await verifyArchive(out))).to.include({ line: 40, seq: 40, kind: 'changed' });
    });

    it('a deleted line is named as removed', async () => {
      const lines = readFileSync(out, 'utf8').split('\n');
      lines.splice(39, 1);
      writeFileSync(out, lines.join('\n'));
      expect(problemOf(await verifyArchive(out))).to.include({ seq: 40, kind: 'removed' });
    });

    it('two swapped lines are named as reordered', async () => {
      swapLines(out, 40, 60);
      expect(problemOf(await verifyArchive(out))).to.include({ seq: 40, kind: 'reordered' });
    });

    it('a duplicated line is named as inserted', async () => {
      editLine(out, 40, (l) => `${l}\n${l}`);
      expect(problemOf(await verifyArchive(out))).to.include({ seq: 40, kind: 'inserted' });
    });

    it('lines cut off at the end, seal kept, are named as truncated', async () => {
      const lines = readFileSync(out, 'utf8').split('\n');
      writeFileSync(out, [...lines.slice(0, 90), ...lines.slice(100)].join('\n'));
      expect(problemOf(await verifyArchive(out))).to.include({ seq: 91, kind: 'truncated' });
    });

    it('a missing seal is named', async () => {
      const lines = readFileSync(out, 'utf8').split('\n');
      writeFileSync(out, lines.slice(0, 100).join('\n') + '\n');
      expect(problemOf(await verifyArchive(out))).to.include({ kind: 'seal' });
    });

    it('a line changed and re-hashed is named as changed: the next line no longer links to it', async () => {
      editLine(out, 40, (l) => {
        const entry = JSON.parse(l) as LedgerEntry;
        return canonicalJson(seal({ ...entry, department: 'edu' }, 39, entry.prevHash, entry.at));
      });
      expect(problemOf(await verifyArchive(out))).to.include({ seq: 40, kind: 'changed' });
    });

    it('a seal whose SHA-256 was altered is named', async () => {
      writeFileSync(out, readFileSync(out, 'utf8').replace(/"sha256":"[0-9a-f]{64}"/, `"sha256":"${'0'.repeat(64)}"`));
      expect(problemOf(await verifyArchive(out))).to.include({ kind: 'seal' });
    });

    it('a next archive does not verify against a tampered previous one', async () => {
      const next = file();
      await archiveLedger(ctx.db, { through: 200, file: next, now: NOW });
      expect((await verifyArchive(next, out)).ok).to.equal(true);
      editLine(out, 101, (l) => l.replace('"createdAt":"2026', '"createdAt":"2027'));
      expect(problemOf(await verifyArchive(next, out))).to.include({ kind: 'link' });
    });

    it('the archived entries must match the exported checkpoints that fall inside them', async () => {
      const checkpoints = await exportCheckpoints(ctx.db.knex);
      expect((await verifyArchive(out, null, { checkpoints, verifier: signer })).ok).to.equal(true);
      const forged = checkpoints.map((c) => (c.seq === 100 ? { ...c, hash: 'c'.repeat(64) } : c));
      expect(problemOf(await verifyArchive(out, null, { checkpoints: forged, verifier: signer }))).to.include({ seq: 100, kind: 'checkpoint' });
      expect(problemOf(await verifyArchive(out, null, { checkpoints: forged }))).to.include({ seq: 100, kind: 'changed' });
    });
  });
});
