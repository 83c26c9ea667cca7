import { expect } from 'chai';
import fc from 'fast-check';
import { Catalog, MAX_PAGE, encodeCursor, type ResourceFilter, type ResourceInput } from '../../catalog/index.js';
import { InputError } from '../../shared/errors.js';
import { describeEngines } from '../support/engines.js';
import { CODE_SETS, DEPARTMENTS, MARKET_REGULATION, PUBLIC_SECURITY, rejection, resourceInput } from './fixtures.js';

/** A resource of the department class 3, item LS, catalog `catalog`: `3LS<catalog>/<n>`. */
function listed(n: number, catalog: '001' | '002', overrides: Partial<ResourceInput> = {}): ResourceInput {
  return resourceInput(n, {
    code: `3LS${catalog}/${String(n).padStart(6, '0')}`,
    apiName: `listed${n}`,
    classification: { categoryCode: '3', categoryName: '部门信息资源类', itemCode: 'LS', itemName: '列表测试', catalogCode: catalog, catalogName: `目录${catalog}` },
    ...overrides,
  });
}

const CONDITIONAL = { type: 'conditional', conditions: '仅限政务用途', method: '接口' } as const;
const OPEN = { type: 'open', licence: 'CC BY 4.0' } as const;

// Eight published resources under 3LS (two of them under 3LS002), two drafts and one retired one.
const PUBLISHED = [
  listed(1, '001'),
  listed(2, '001', { provider: MARKET_REGULATION.code }),
  listed(3, '001', { sharing: CONDITIONAL }),
  listed(4, '001', { open: OPEN, provider: MARKET_REGULATION.code }),
  listed(5, '001', { sharing: CONDITIONAL, open: OPEN }),
  listed(6, '001'),
  listed(7, '002', { provider: MARKET_REGULATION.code }),
  listed(8, '002', { sharing: CONDITIONAL }),
];
const DRAFTS = [listed(9, '001'), listed(10, '002', { provider: MARKET_REGULATION.code })];
const RETIRED = listed(11, '001');

const codes = (inputs: ResourceInput[]) => inputs.map((i) => i.code).sort();

describeEngines('Catalog.listResources', (ctx) => {
  let catalog: Catalog;
  const page = async (filter: ResourceFilter, first = MAX_PAGE, after?: string) => catalog.listResources(filter, first, after);
  const listedCodes = async (filter: ResourceFilter) => (await page({ classification: '3LS', ...filter })).nodes.map((n) => n.code);

  before(async () => {
    catalog = new Catalog(ctx.db);
    for (const department of DEPARTMENTS) await catalog.putDepartment(department);
    for (const set of CODE_SETS) await catalog.putCodeSet(set);
    // Created out of code order, so that the order of the list is the database's doing.
    for (const input of [...PUBLISHED, RETIRED].reverse()) {
      await catalog.createResource(input);
      await catalog.publishResource(input.code);
    }
    for (const input of DRAFTS) await catalog.createResource(input);
    await catalog.retireResource(RETIRED.code);
  });

  it('lists published resources only by default, in code order', async () => {
    const result = await page({});
    expect(result.nodes.map((n) => n.code)).to.deep.equal(codes(PUBLISHED));
    expect(result.nodes.every((n) => n.status === 'published')).to.equal(true);
    expect(result.totalCount).to.equal(PUBLISHED.length);
  });

  it('describes each resource by code, apiName, provider and shown version', async () => {
    const [first] = (await page({}, 1)).nodes;
    expect(first).to.deep.include({ code: '3LS001/000001', apiName: 'listed1', provider: PUBLIC_SECURITY.code, status: 'published', version: 1 });
  });

  it('lists drafts and retired resources when asked for their status', async () => {
    expect(await listedCodes({ status: ['draft'] })).to.deep.equal(codes(DRAFTS));
    expect(await listedCodes({ status: ['retired'] })).to.deep.equal([RETIRED.code]);
    expect(await listedCodes({ status: ['published', 'retired'] })).to.deep.equal(codes([...PUBLISHED, RETIRED]));
  });

  it('filters by provider', async () => {
    expect(await listedCodes({ provider: MARKET_REGULATION.code })).to.deep.equal(codes(PUBLISHED.filter((i) => i.provider === MARKET_REGULATION.code)));
  });

  it('filters by sharing type and open type, together too', async () => {
    expect(await listedCodes({ sharingType: 'conditional' })).to.deep.equal(codes(PUBLISHED.filter((i) => i.sharing.type === 'conditional')));
    expect(await listedCodes({ openType: 'open' })).to.deep.equal(codes(PUBLISHED.filter((i) => i.open.type === 'open')));
    expect(await listedCodes({ sharingType: 'conditional', openType: 'open' })).to.deep.equal(['3LS001/000005']);
  });

  it('filters by a classification prefix of any depth', async () => {
    expect(await listedCodes({ classification: '3' })).to.deep.equal(codes(PUBLISHED));
    expect(await listedCodes({ classification: '3LS002' })).to.deep.equal(codes(PUBLISHED.filter((i) => i.classification.catalogCode === '002')));
    expect(await listedCodes({ classification: '1' })).to.deep.equal([]);
  });

  it('counts every match in totalCount whatever the page size', async () => {
    const result = await page({ provider: MARKET_REGULATION.code }, 1);
    expect(result.nodes).to.have.length(1);
    expect(result.totalCount).to.equal(PUBLISHED.filter((i) => i.provider === MARKET_REGULATION.code).length);
    expect(result.hasNextPage).to.equal(true);
  });

  it('pages through everything with first=2, each resource exactly once and in order', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const result = await page({}, 2, after);
      pages++;
      expect(result.totalCount).to.equal(PUBLISHED.length);
      expect(result.hasPreviousPage).to.equal(after !== undefined);
      seen.push(...result.nodes.map((n) => n.code));
      if (!result.hasNextPage) break;
      after = result.endCursor!;
    }
    expect(seen).to.deep.equal(codes(PUBLISHED));
    expect(pages).to.equal(PUBLISHED.length / 2);
  });

  it('pages through any filter with any page size completely and without repeats', async () => {
    const filters: ResourceFilter[] = [{}, { provider: MARKET_REGULATION.code }, { sharingType: 'conditional' }, { classification: '3LS001' }, { status: ['draft', 'retired'] }];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...filters), fc.integer({ min: 1, max: 5 }), async (filter, first) => {
        const all = (await page(filter)).nodes.map((n) => n.code);
        const seen: string[] = [];
        let after: string | undefined;
        for (let guard = 0; guard <= all.length; guard++) {
          const result = await page(filter, first, after);
          expect(result.nodes.length).to.be.at.most(first);
          seen.push(...result.nodes.map((n) => n.code));
          if (!result.hasNextPage) break;
          after = result.endCursor!;
        }
        expect(seen).to.deep.equal(all);
      }),
      { numRuns: 25 },
    );
  });

  it('continues after a cursor made from a code, not only from a returned one', async () => {
    const result = await page({}, 2, encodeCursor('3LS001/000003'));
    expect(result.nodes.map((n) => n.code)).to.deep.equal(['3LS001/000004', '3LS001/000005']);
  });

  it('returns an empty last page with null cursors', async () => {
    const result = await page({}, 5, encodeCursor('3LS002/999999'));
    expect(result).to.deep.include({ nodes: [], startCursor: null, endCursor: null, hasNextPage: false, hasPreviousPage: true });
  });

  it('refuses a cursor it did not make with an InputError naming after', async () => {
    for (const bad of ['not-a-cursor', Buffer.from('{"c":5}').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
      const err = await rejection(page({}, 2, bad), InputError);
      expect(err.problems.map((p) => p.field)).to.deep.equal(['after']);
    }
  });

  it('refuses a page size outside 0..MAX_PAGE and a classification that is not a code prefix', async () => {
    for (const first of [-1, 1.5, MAX_PAGE + 1]) {
      expect((await rejection(page({}, first), InputError)).problems.map((p) => p.field)).to.deep.equal(['first']);
    }
    expect((await rejection(page({ classification: "1' or '1" }), InputError)).problems.map((p) => p.field)).to.deep.equal(['filter.classification']);
  });
});
