/** GraphQL types of the adapters: a resource's source binding, its sync runs and their quarantined rows. */
export const sourceTypeDefs = /* GraphQL */ `
  enum SourceKind { SQL CSV EXCEL REST }
  enum SyncMode { FULL INCREMENTAL UPSERT }
  enum SyncRunStatus { RUNNING SUCCEEDED FAILED }

  "A source column feeding a data item."
  type ColumnMapping {
    column: String!
    "The data item's apiName."
    item: String!
    "Source values replaced before parsing, e.g. {\\"男\\": \\"1\\"}."
    values: JSON
    dateFormat: String
  }

  "How a resource is fed from its department's own system. Secrets are shown as ***."
  type SourceBinding {
    "The resource's code."
    resource: String!
    kind: SourceKind!
    "The URL or path, any password replaced by ***."
    location: String!
    "Kind-specific options (table, sheet, paging, headers as ***, …)."
    options: JSON!
    mapping: [ColumnMapping!]!
    mode: SyncMode!
    "Queries go to the source; nothing is copied."
    live: Boolean!
    maxQuarantineShare: Float!
    scheduleMinutes: Int
    "The highest watermark a successful incremental run has read."
    watermark: JSON
    updatedAt: String!
    "The latest runs, newest first."
    runs(first: Int = 10): [SyncRun!]!
  }

  type SyncRun {
    id: Int!
    resource: String!
    mode: SyncMode!
    status: SyncRunStatus!
    startedAt: String!
    finishedAt: String
    read: Int!
    loaded: Int!
    updated: Int!
    unchanged: Int!
    quarantined: Int!
    superseded: Int!
    durationMs: Int
    error: String
    "Rows that did not load, with the source position, the field and the reason."
    quarantine(first: Int = 100, after: String): QuarantinePage!
  }

  type QuarantinedRow {
    position: Int!
    field: String
    reason: String!
    "The source values as read; shown to the providing department only."
    values: JSON
  }

  type QuarantinePage {
    rows: [QuarantinedRow!]!
    "Pass as 'after' for the next page; null on the last."
    next: String
  }

  input ColumnMappingInput {
    column: String!
    item: String!
    values: JSON
    dateFormat: String
  }

  input SourceBindingInput {
    kind: SourceKind!
    location: String!
    options: JSON
    "Empty: source columns named like the items' apiNames or Chinese names map themselves."
    mapping: [ColumnMappingInput!]
    mode: SyncMode
    live: Boolean
    maxQuarantineShare: Float
    scheduleMinutes: Int
  }

  extend type Query {
    "The source binding of a resource (its provider's publishers, or operators)."
    sourceBinding(resource: String!): SourceBinding
    "The bindings of my department's resources (every binding, for operators)."
    sourceBindings: [SourceBinding!]!
    syncRun(id: Int!): SyncRun
  }

  extend type Mutation {
    "Binds one of my department's resources to its source (publisher role)."
    setSourceBinding(resource: String!, input: SourceBindingInput!): SourceBinding!
    removeSourceBinding(resource: String!): Boolean!
    "Runs a sync now and answers with its report once it has finished (failed runs included)."
    syncResource(resource: String!, mode: SyncMode): SyncRun!
  }
`;
