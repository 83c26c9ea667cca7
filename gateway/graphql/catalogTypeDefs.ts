/**
 * GraphQL types of the catalog (政务信息资源目录). Enum values are the catalog's, in GraphQL case.
 * An anonymous caller sees only the public catalog (catalogVisibility.ts); the descriptions say so.
 */
export const catalogTypeDefs = /* GraphQL */ `
  "Any JSON value (used for JSON Schemas)."
  scalar JSON

  enum SharingType { UNCONDITIONAL CONDITIONAL NONE }
  enum OpenType { OPEN CONDITIONAL CLOSED }
  enum ResourceFormat { DATABASE FILE INTERFACE }
  enum UpdateCycle { REAL_TIME DAILY WEEKLY MONTHLY QUARTERLY YEARLY IRREGULAR }
  enum ResourceStatus { DRAFT PUBLISHED RETIRED }
  enum VersionStatus { DRAFT PUBLISHED }
  enum DataType { STRING INTEGER DECIMAL BOOLEAN DATE DATETIME GEOPOINT CODE }
  enum Sensitivity { PUBLIC INTERNAL PERSONAL SENSITIVE_PERSONAL }
  enum MaskRule { RESIDENT_ID MOBILE NAME ADDRESS NONE }
  enum ItemFormat { RESIDENT_ID CREDIT_CODE MOBILE EMAIL }
  "The last arrival of data against the update cycle: within one cycle, within one and a half, beyond (or never)."
  enum Freshness { FRESH DUE STALE }
  "RELEVANCE ranks name matches first (the default with a search); CODE is the default without."
  enum ResourceSort { RELEVANCE NAME CODE UPDATED PUBLISHED }
  enum SortOrder { ASC DESC }

  type Contact { name: String, phone: String, email: String }

  "A government department (部门): provider and/or consumer of information resources."
  type Department {
    code: String!
    name: String!
    "Unified social credit code of the agency."
    creditCode: String!
    parent: Department
    contact: Contact!
    "Published resources this department provides (without a token: the public ones)."
    resources(first: Int = 20, after: String): ResourceConnection!
    "Published resources of this department whose data is stale (by default) or of the freshness asked for."
    staleResources(freshness: [Freshness!] = [STALE]): [Resource!]!
  }

  "类 / 项 / 目 / 细目."
  type Classification {
    categoryCode: String!
    categoryName: String!
    itemCode: String!
    itemName: String!
    catalogCode: String!
    catalogName: String!
    subitemCode: String
    subitemName: String
  }

  "共享属性: sharing type, conditions, method, and the legal basis when not shared."
  type Sharing { type: SharingType!, conditions: String, method: String, legalBasis: String }

  "开放属性."
  type OpenAttribute { type: OpenType!, licence: String, conditions: String }

  type CodeValue { code: String!, label: String! }
  type CodeSet { id: String!, name: String!, standard: String, values: [CodeValue!]! }

  type ReferenceCondition { item: String!, equals: String! }
  "A reference to another resource's key, optionally only when another item has a value."
  type ItemReference { resource: String!, item: String!, when: ReferenceCondition }

  "A data item (信息项)."
  type DataItem {
    name: String!
    apiName: String!
    dataType: DataType!
    length: Int
    scale: Int
    required: Boolean!
    key: Boolean!
    sensitivity: Sensitivity!
    mask: MaskRule!
    format: ItemFormat
    codeSet: CodeSet
    description: String
    references: [ItemReference!]!
  }

  type ResourceVersion {
    version: Int!
    status: VersionStatus!
    createdAt: String!
    publishedAt: String
    changes: [String!]!
  }

  "An information resource (信息资源) at one version."
  type Resource {
    code: String!
    apiName: String!
    name: String!
    summary: String!
    provider: Department!
    classification: Classification!
    format: ResourceFormat!
    sharing: Sharing!
    open: OpenAttribute!
    updateCycle: UpdateCycle!
    "Publication date (发布日期), ISO date."
    publishedOn: String
    relatedResources: [Resource!]!
    tags: [String!]!
    status: ResourceStatus!
    version: Int!
    latestVersion: Int!
    items: [DataItem!]!
    "Every version, newest first."
    versions: [ResourceVersion!]!
    "JSON Schema of the rows, derived from the items."
    rowSchema: JSON!
    createdAt: String!
    updatedAt: String!
    "When data last arrived in the shared store (a successful sync); null when never."
    lastSyncedAt: String
    freshness: Freshness!
  }

  type PageInfo { hasNextPage: Boolean!, hasPreviousPage: Boolean!, startCursor: String, endCursor: String }
  type ResourceEdge { cursor: String!, node: Resource! }
  "A value of a facet, its label (in Chinese where the catalog has one) and how many resources have it."
  type FacetValue { value: String!, label: String!, count: Int! }
  "Counts over everything the query matches, most frequent first; each facet leaves its own filter out (drill-down)."
  type ResourceFacets {
    provider: [FacetValue!]!
    "By category (类)."
    classification: [FacetValue!]!
    sharingType: [FacetValue!]!
    openType: [FacetValue!]!
    format: [FacetValue!]!
    updateCycle: [FacetValue!]!
    tags: [FacetValue!]!
    freshness: [FacetValue!]!
  }
  type ResourceConnection { totalCount: Int!, edges: [ResourceEdge!]!, nodes: [Resource!]!, pageInfo: PageInfo!, facets: ResourceFacets! }

  input ResourceFilter {
    provider: String
    "Default: published only."
    status: [ResourceStatus!]
    sharingType: SharingType
    openType: OpenType
    format: ResourceFormat
    updateCycle: UpdateCycle
    "A classification code prefix, e.g. 1 or 101."
    classification: String
    "Any of these tags."
    tags: [String!]
    "Any of these."
    freshness: [Freshness!]
  }

  type Query {
    departments: [Department!]!
    department(code: String!): Department
    """
    Resources ordered by code, or found by search: Chinese (人口), pinyin (renkou) or its initials
    (rk), English words; terms separated by spaces must all match. first is at most 1000. With a
    search, a sort, or a tags or freshness filter, cursors are positions in the ranked list.
    Without a token: only the public catalog (published, open or conditionally open resources,
    as the open API shows it), and cursors are always positions.
    """
    resources(search: String, filter: ResourceFilter, sort: ResourceSort, order: SortOrder, first: Int = 20, after: String): ResourceConnection!
    "A resource by code or apiName, at the version shown or a given version; null without a token unless it is public."
    resource(code: String!, version: Int): Resource
  }
`;
