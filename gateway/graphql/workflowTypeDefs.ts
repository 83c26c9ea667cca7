/** GraphQL types of the exchange workflow: access requests, their transitions, and grants. */
export const workflowTypeDefs = /* GraphQL */ `
  enum AccessMode { QUERY VERIFY AGGREGATE }
  enum RequestState { SUBMITTED UNDER_REVIEW APPROVED REFUSED WITHDRAWN ESCALATED EXPIRED }

  "One transition of an access request: who, when, why."
  type RequestEvent { seq: Int!, from: RequestState, to: RequestState!, actor: String!, at: String!, reason: String }

  "A consumer department's request for access to a resource (共享申请)."
  type AccessRequest {
    id: ID!
    consumer: Department!
    resource: Resource!
    fields: [String!]!
    "用途"
    purpose: String!
    "Legal basis or business scenario."
    basis: String!
    mode: AccessMode!
    wantedFrom: String!
    wantedUntil: String
    rowScope: JSON
    unmaskReason: String
    state: RequestState!
    "The provider's statutory deadline (working days on the Chinese calendar)."
    dueOn: String
    "Working days left until dueOn; 0 when due today, negative when overdue."
    workingDaysLeft: Int
    createdAt: String!
    updatedAt: String!
    grant: Grant
    events: [RequestEvent!]!
  }

  type FieldMask { field: String!, rule: MaskRule! }
  type Unmasked { field: String!, reason: String! }
  type Quota { requestsPerMinute: Int, rowsPerDay: Int }

  "What a consumer may do with a resource: fields, masks, row filter, mode, purpose, period, quotas."
  type Grant {
    id: ID!
    consumer: Department!
    resource: Resource!
    fields: [String!]!
    masks: [FieldMask!]!
    unmasked: [Unmasked!]!
    rowFilter: JSON
    mode: AccessMode!
    purpose: String!
    validFrom: String!
    validUntil: String
    quota: Quota!
    revokedAt: String
    revokeReason: String
    active: Boolean!
  }

  input AccessRequestInput {
    "Resource code or apiName."
    resource: String!
    fields: [String!]!
    purpose: String!
    basis: String!
    mode: AccessMode!
    wantedFrom: String
    wantedUntil: String
    "A row predicate: {field, op, value} or {and: [...]} / {or: [...]}."
    rowScope: JSON
    "Why personal items are needed unmasked."
    unmaskReason: String
  }
  input FieldMaskInput { field: String!, rule: MaskRule! }
  input UnmaskInput { field: String!, reason: String! }
  input QuotaInput { requestsPerMinute: Int, rowsPerDay: Int }
  "An approver's decision: may narrow fields, add a row filter, masks, quotas and an end date."
  input ApprovalInput { fields: [String!], rowFilter: JSON, masks: [FieldMaskInput!], unmask: [UnmaskInput!], quota: QuotaInput, validUntil: String }

  extend type Query {
    "Requests of my department."
    myRequests: [AccessRequest!]!
    "Requests awaiting my department's decision (and, for operators, escalated ones)."
    pendingApprovals: [AccessRequest!]!
    "Grants my department holds or has given."
    grants(includeInactive: Boolean = false): [Grant!]!
    accessRequest(id: ID!): AccessRequest
  }

  type Mutation {
    requestAccess(input: AccessRequestInput!): AccessRequest!
    startReview(id: ID!): AccessRequest!
    approveRequest(id: ID!, decision: ApprovalInput): AccessRequest!
    refuseRequest(id: ID!, reason: String!): AccessRequest!
    withdrawRequest(id: ID!, reason: String): AccessRequest!
    revokeGrant(id: ID!, reason: String!): Grant!
    "Publish the newest draft of one of my department's resources."
    publishResource(code: String!): Resource!
  }
`;
