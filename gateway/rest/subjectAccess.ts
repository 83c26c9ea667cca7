/**
 * `GET /api/v1/my-data-use` (when mounted at `/api/v1`): a data subject's own history — when,
 * which department, for what purpose, which resource — opened by the ticket an operator issued
 * (`X-Subject-Ticket`). No account is needed, so a public "my data use" page can call it; a missing,
 * forged or expired ticket is 401 UNAUTHENTICATED. Grant internals are left out.
 */
import { Router } from 'express';
import type { Catalog, ResourceCache } from '../../catalog/index.js';
import type { SubjectAccess } from '../../exchange/index.js';

export const SUBJECT_TICKET_HEADER = 'X-Subject-Ticket';

export interface DataUse {
  at: string;
  department: { code: string; name: string } | null;
  purpose: string | null;
  resource: { apiName: string; name: string } | null;
  action: string;
}

export function subjectAccessRouter(subjectAccess: SubjectAccess, catalog: Catalog, resources: ResourceCache): Router {
  const router = Router();

  router.get('/my-data-use', async (req, res) => {
    const uses = await subjectAccess.history(req.header(SUBJECT_TICKET_HEADER));
    const departments = new Map((await catalog.listDepartments()).map((d) => [d.code, d.name]));
    const apiNames = [...new Set(uses.flatMap((u) => (u.resource ? [u.resource] : [])))];
    const names = new Map((await resources.getMany(apiNames)).map((r) => [r.apiName, r.name]));
    const data: DataUse[] = uses.map((u) => ({
      at: u.at,
      department: u.department ? { code: u.department, name: departments.get(u.department) ?? u.department } : null,
      purpose: u.purpose,
      resource: u.resource ? { apiName: u.resource, name: names.get(u.resource) ?? u.resource } : null,
      action: u.action,
    }));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ data });
  });

  return router;
}
