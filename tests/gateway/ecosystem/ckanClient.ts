/** A minimal CKAN action API client for the tests: GET with query parameters or POST with a JSON body. */
export interface CkanResponse<T = any> {
  status: number;
  body: { help: string; success: boolean; result?: T; error?: { __type: string; message?: string; [field: string]: unknown } };
}

export function ckanClient(baseUrl: () => string) {
  return {
    async get<T = any>(action: string, params: Record<string, string | number> = {}): Promise<CkanResponse<T>> {
      const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
      const res = await fetch(`${baseUrl()}/api/3/action/${action}${query ? `?${query}` : ''}`);
      return { status: res.status, body: (await res.json()) as CkanResponse<T>['body'] };
    },
    async post<T = any>(action: string, body: unknown): Promise<CkanResponse<T>> {
      const res = await fetch(`${baseUrl()}/api/3/action/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as CkanResponse<T>['body'] };
    },
  };
}

export type Package = Record<string, any> & { name: string; title: string };
export type SearchResult = { count: number; results: Package[]; sort: string; facets: Record<string, Record<string, number>>; search_facets: Record<string, { title: string; items: { name: string; display_name: string; count: number }[] }> };
