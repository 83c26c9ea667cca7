/**
 * The CKAN action API over the public catalog (`/api/3/action/…`, GET or POST, no account):
 * package_search, package_show, package_list, organization_list, organization_show, group_list.
 * `datastore_search` lives in its own router at the same prefix; `unknownAction` answers what
 * none of them knows.
 */
import express, { Router, type Request } from 'express';
import {
  CATEGORIES,
  ckanGroup,
  ckanOrganization,
  ckanPackage,
  packageId,
  slugOf,
  type CkanPackageContext,
  type OpenCatalog,
  type Resource,
} from '../../catalog/index.js';
import { type Config, InputError, type Logger } from '../../shared/index.js';
import { publicUrlsFor } from '../rest/publicBase.js';
import { ckanErrors, sendResult } from './ckanEnvelope.js';
import { actionParams, boolParam, intParam, listParam, notFound, stringParam, type Params } from './params.js';
import { MAX_ROWS, PACKAGE_SEARCH_PARAMS, packageSearch } from './packageSearch.js';

export interface CkanDependencies {
  openCatalog: OpenCatalog;
  config: Pick<Config, 'publicUrl' | 'port'>;
  logger: Logger;
  now: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `legal-entity` → `legalEntity`: the apiName a package name was made from. */
const unslug = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

type Listed = { name: string; title: string; package_count: number };

/** organization_list and group_list: the `sort`, `limit`, `offset` and name filter CKAN offers on both. */
function listing<T extends Listed>(items: T[], params: Params, filterParam: string): T[] {
  const [field = 'name', dir = 'asc', extra] = (stringParam(params, 'sort') ?? 'name asc').trim().split(/\s+/);
  if (!['name', 'title', 'package_count'].includes(field) || !['asc', 'desc'].includes(dir) || extra) {
    throw new InputError('Invalid sort', [{ field: 'sort', message: 'must be name, title or package_count, then asc or desc' }]);
  }
  const only = listParam(params, filterParam);
  const key = field as keyof Listed;
  const sorted = items
    .filter((i) => !only || only.includes(i.name))
    .sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.name < b.name ? -1 : 1) * (dir === 'asc' ? 1 : -1));
  const offset = intParam(params, 'offset', 0, 0, 1_000_000);
  return sorted.slice(offset, offset + intParam(params, 'limit', MAX_ROWS, 0, MAX_ROWS));
}

export function ckanRouter(deps: CkanDependencies): Router {
  const { openCatalog, config } = deps;
  const router = Router();

  const context = async (req: Request): Promise<CkanPackageContext> => ({
    urls: publicUrlsFor(req, config),
    departments: new Map((await openCatalog.departments()).map((d) => [d.code, d])),
    now: deps.now(),
  });

  /** A public resource by package id, package name, apiName or resource code. */
  const findPackage = async (id: string): Promise<Resource> => {
    const [found] = await openCatalog.resources(/^[a-z][a-z0-9-]*$/.test(id) ? [id, unslug(id)] : [id]);
    if (found) return found;
    if (UUID.test(id)) {
      const byId = (await openCatalog.all()).find((r) => packageId(r) === id);
      if (byId) return byId;
    }
    throw notFound('Dataset', id);
  };

  const counts = async () => (await openCatalog.search({ limit: 0, facets: true })).facets;

  const action = (name: string, known: readonly string[], run: (params: Params, req: Request) => Promise<unknown>) => {
    const handler = async (req: Request, res: express.Response) => sendResult(req, res, config, await run(actionParams(req, known), req));
    router.get(`/${name}`, handler);
    router.post(`/${name}`, express.json({ limit: '100kb' }), express.urlencoded({ extended: false, limit: '100kb' }), handler);
  };

  action('package_search', PACKAGE_SEARCH_PARAMS, async (params, req) => packageSearch(params, { openCatalog, context: await context(req) }));

  action('package_show', ['id', 'use_default_schema', 'include_tracking'], async (params, req) => {
    const id = stringParam(params, 'id', true);
    boolParam(params, 'use_default_schema', false);
    boolParam(params, 'include_tracking', false);
    return ckanPackage(await findPackage(id), await context(req));
  });

  action('package_list', ['limit', 'offset'], async (params) => {
    const limit = intParam(params, 'limit', Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER);
    const offset = intParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const names = (await openCatalog.all()).map((r) => slugOf(r.apiName)).sort();
    return names.slice(offset, offset + limit);
  });

  const organizations = async () => {
    const providers = new Map(((await counts()).provider ?? []).map((f) => [f.value, f.count]));
    return (await openCatalog.departments()).map((d) => ckanOrganization(d, providers.get(d.code) ?? 0) as ReturnType<typeof ckanOrganization> & Listed);
  };

  action('organization_list', ['all_fields', 'sort', 'limit', 'offset', 'organizations', 'include_dataset_count', 'include_extras'], async (params) => {
    const allFields = boolParam(params, 'all_fields', false);
    const withCount = boolParam(params, 'include_dataset_count', true);
    const withExtras = boolParam(params, 'include_extras', false);
    const listed = listing(await organizations(), params, 'organizations');
    if (!allFields) return listed.map((o) => o.name);
    return listed.map(({ extras, package_count, ...org }) => ({ ...org, ...(withCount ? { package_count } : {}), ...(withExtras ? { extras } : {}) }));
  });

  action('organization_show', ['id', 'include_datasets', 'include_extras'], async (params, req) => {
    const id = stringParam(params, 'id', true);
    const includeDatasets = boolParam(params, 'include_datasets', false);
    const withExtras = boolParam(params, 'include_extras', true);
    const found = (await organizations()).find((o) => o.name === id || o.id === id);
    if (!found) throw notFound('Organization', id);
    const { extras, ...org } = found;
    if (!includeDatasets) return { ...org, ...(withExtras ? { extras } : {}) };
    const datasets = await openCatalog.search({ filters: { provider: [found.name] }, sort: 'code', limit: MAX_ROWS, facets: false });
    const ctx = await context(req);
    return { ...org, ...(withExtras ? { extras } : {}), packages: datasets.resources.map((r) => ckanPackage(r, ctx)) };
  });

  action('group_list', ['all_fields', 'sort', 'limit', 'offset', 'groups', 'include_dataset_count'], async (params) => {
    const allFields = boolParam(params, 'all_fields', false);
    const withCount = boolParam(params, 'include_dataset_count', true);
    const byCategory = new Map(((await counts()).classification ?? []).map((f) => [f.value, f.count]));
    const groups = Object.keys(CATEGORIES).map((c) => ckanGroup(c, byCategory.get(c) ?? 0) as ReturnType<typeof ckanGroup> & Listed);
    const listed = listing(groups, params, 'groups');
    if (!allFields) return listed.map((g) => g.name);
    return listed.map(({ package_count, ...group }) => ({ ...group, ...(withCount ? { package_count } : {}) }));
  });

  router.use(ckanErrors(deps.logger, config));
  return router;
}
