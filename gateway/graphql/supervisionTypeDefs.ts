/** GraphQL types of supervision (电子监察): ledger volume and entries, who read a subject, alerts, subject access. */
export const supervisionTypeDefs = /* GraphQL */ `
  enum VolumeDimension { DEPARTMENT RESOURCE OUTCOME HOUR }
  enum AlertState { OPEN ACKNOWLEDGED }

  "Data entries of the ledger in one group; the dimensions not grouped by are null."
  type VolumeGroup {
    department: String
    "apiName"
    resource: String
    "allowed | denied | error"
    outcome: String
    "The Asia/Shanghai hour, YYYY-MM-DDTHH."
    hour: String
    count: Int!
  }

  "One entry of the audit ledger. Identifiers in it are keyed hashes; it holds no data."
  type LedgerEntry {
    seq: Int!
    at: String!
    "data | workflow"
    kind: String!
    "lookup, list, aggregate, verify, follow, open-record | request.approved, grant.revoked, …"
    action: String!
    requestId: String
    "Account id, or system."
    actor: String
    department: String
    grantId: String
    purpose: String
    "apiName"
    resource: String
    fields: [String!]!
    "The filter asked for, personal values as keyed hashes."
    filter: JSON
    "How many keys were asked for."
    keyCount: Int!
    rowCount: Int!
    "allowed | denied | error | recorded"
    outcome: String!
    errorCode: String
    responseDigest: String
    "How many people and firms the response named."
    subjectCount: Int!
    detail: JSON
    prevHash: String!
    hash: String!
  }

  "A page of entries by sequence number: pass cursor back as after to poll for what arrived since."
  type LedgerPage { entries: [LedgerEntry!]!, cursor: Int!, hasMore: Boolean! }

  "One exchange that returned a person's or firm's data."
  type SubjectUse {
    seq: Int!
    at: String!
    department: Department
    grantId: String
    purpose: String
    resource: Resource
    action: String!
  }

  "What an alert rule found, with the ledger entries behind it."
  type Alert {
    id: ID!
    "volume-spike | off-hours-bulk | denied-burst | quota-exhausted | verify-enumeration"
    rule: String!
    department: String
    grantId: String
    "low | medium | high"
    severity: String!
    state: AlertState!
    firstSeq: Int!
    lastSeq: Int!
    entrySeqs: [Int!]!
    entries: [LedgerEntry!]!
    details: JSON
    createdAt: String!
    updatedAt: String!
    acknowledgedBy: String
    acknowledgedAt: String
  }

  "A short-lived ticket that opens one subject's history at GET /api/v1/my-data-use (header X-Subject-Ticket)."
  type SubjectAccessTicket { ticket: String!, expiresAt: String! }

  extend type Query {
    "Supervisors: data entries in [from, to) (ISO instants with offset) counted by the chosen dimensions."
    ledgerVolume(from: String!, to: String!, by: [VolumeDimension!]!): [VolumeGroup!]!
    "Supervisors: denied data requests after a seq, oldest first; without after, the newest."
    deniedRequests(after: Int, first: Int): LedgerPage!
    "Supervisors: ledger entries after a seq, oldest first; without after, the newest."
    ledgerEntries(after: Int, first: Int): LedgerPage!
    "Supervisors: the exchanges that returned this resident ID or credit code, newest first."
    whoReadSubject(id: String!, first: Int): [SubjectUse!]!
    "Supervisors: grants in force ending within days days."
    grantsNearingExpiry(days: Int! = 30): [Grant!]!
    "Supervisors: conditional requests escalated because the provider did not answer in time."
    overdueApprovals: [AccessRequest!]!
    "Supervisors: alerts, newest activity first."
    alerts(state: AlertState, first: Int): [Alert!]!
  }

  extend type Mutation {
    "Supervisors: mark an open alert as seen."
    acknowledgeAlert(id: ID!): Alert!
    "Operators: after checking the subject's identity, issue a ticket to their own data-use history."
    approveSubjectAccess(id: String!, ttlMinutes: Int): SubjectAccessTicket!
  }
`;
