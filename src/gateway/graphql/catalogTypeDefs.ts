/** GraphQL types of the catalog (政务信息资源目录). Enum values are the catalog's, in GraphQL case. */
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

  type Contact { name: String, phone: String, email: String }

  "A government department (部门): provider and/or consumer of information resources."
  type Department {
    code: String!
    name: String!
    "Unified social credit code of the agency."
    creditCode: String!
    parent: Department
    contact: Contact!
    "Published resources this department provides."
    resources(first: Int = 20, after: String): ResourceConnection!
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
  }

  type PageInfo { hasNextPage: Boolean!, hasPreviousPage: Boolean!, startCursor: String, endCursor: String }
  type ResourceEdge { cursor: String!, node: Resource! }
  type ResourceConnection { totalCount: Int!, edges: [ResourceEdge!]!, nodes: [Resource!]!, pageInfo: PageInfo! }

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
  }

  type Query {
    departments: [Department!]!
    department(code: String!): Department
    "Resources ordered by code; first is at most 1000."
    resources(filter: ResourceFilter, first: Int = 20, after: String): ResourceConnection!
    "A resource by code or apiName, at the version shown or a given version."
    resource(code: String!, version: Int): Resource
  }
`;
