/**
 * The exchange area's only import surface: accounts and tokens, access requests and grants, the
 * policy a grant compiles to, and reading the shared store under it (open data included).
 */
export * from './model.js';
export { exchangeMigrations } from './migrations/index.js';
// ---- Open data: the public catalog's resources, their open rows, pages and streamed downloads. ----
export { OpenData, type OpenDataOptions, type OpenDownloadQuery } from './openData/OpenData.js';
export { openItems } from './openData/openQuery.js';
export {
  DEFAULT_OPEN_LIMIT,
  MAX_IN_VALUES,
  MAX_OPEN_LIMIT,
  MAX_SEARCH_LENGTH,
  OPEN_FILTER_OPS,
  type OpenDownload,
  type OpenFilter,
  type OpenFilterOp,
  type OpenPage,
  type OpenRequest,
  type OpenRowQuery,
  type OpenSearch,
} from './openData/model.js';
export { findByKey, type DataRecord } from './storeReader.js';
// ---- Accounts and access tokens. ----
export { Accounts, CLIENT_ID_PATTERN, generateSecret, type AccountsOptions, type AccountWithSecret, type NewAccount } from './accounts/Accounts.js';
export { TokenService, developmentSecret, DEV_SECRET_FILE, type AuthConfig, type IssuedToken, type TokenClaims, type TokenServiceOptions } from './accounts/tokens.js';
// ---- Access requests on the statutory clock, grants, and the working-day calendar. ----
export { AccessRequests, type AccessRequestsOptions, type PendingApproval, type SweepResult } from './requests/AccessRequests.js';
export type { AccessRequestInput, ApprovalDecision } from './requests/requestInput.js';
export type { AccessRequestView } from './requests/requestRows.js';
export { SYSTEM_ACTOR, type Acting } from './requests/permissions.js';
export { REQUEST_ACTIONS, canMove, isAwaitingDecision, nextState, type RequestAction } from './requests/transitions.js';
export { Grants, type GrantFilter, type GrantsOptions } from './grants/Grants.js';
export { effectiveMasks, type GrantInput } from './grants/grantRules.js';
export { grantSetKey, isInForce } from './grants/grantSet.js';
export {
  addWorkingDays,
  calendarCovers,
  isWorkingDay,
  shanghaiDate,
  startOfShanghaiDay,
  workingDaysBetween,
  type CalendarDate,
} from './calendar/workingDays.js';
// ---- The policy a grant compiles to, and reading the shared store under it. ----
export { assertGrantActive, compilePolicy, effectiveMask, grantInactiveReason, type CompiledPolicy } from './policy/compilePolicy.js';
export { applyPredicate, escapeLike } from './policy/compilePredicate.js';
export { maskRecord, maskValue } from './policy/masking.js';
export { predicateFields, validatePredicate } from './policy/predicate.js';
export { DataQuery, type DataQueryOptions } from './query/DataQuery.js';
export { LiveSourceUnavailableError, type LiveStore, type StoreLocator, type UnavailableReason } from './query/liveStore.js';
export { matchesPredicate } from './policy/evaluatePredicate.js';
export { modeAllows, usableItems, type DataAction, type FieldUse } from './query/access.js';
export {
  DEFAULT_PAGE_SIZE,
  MAX_KEYS,
  MAX_ORDER_TERMS,
  MAX_PAGE_SIZE,
  type AggregateArgs,
  type Claims,
  type DataScope,
  type ListArgs,
  type OrderTerm,
  type PageInfo,
  type RecordConnection,
  type RecordGroup,
  type SortDirection,
  type Verification,
} from './query/model.js';
// ---- Catalog changes through the exchange. ----
export { assertMayPublish } from './permissions.js';
// ---- The audit ledger. ----
export { Ledger, type LedgerOptions } from './ledger/Ledger.js';
export { LedgerKey, ledgerKeyFrom, LEDGER_KEY_FILE } from './ledger/keys.js';
export { ed25519Signer, ed25519Verifier, hmacSigner, type CheckpointSigner } from './ledger/checkpoints.js';
export { canonicalJson, entryHash, fromRow, seal, sha256, toRow, type EntryRow } from './ledger/chain.js';
export { GENESIS_HASH, type Checkpoint, type EntryDraft, type EntryKind, type EntryOutcome, type LedgerEntry } from './ledger/model.js';
export { AuditedDataQuery, type DataReader } from './ledger/AuditedDataQuery.js';
export { hashPredicate, subjectsOf } from './ledger/dataEntries.js';
export type { RequestContext } from './query/model.js';
export type { SeenRows } from './query/DataQuery.js';
export { journalRequestEvent, ledgerJournal, type Journal } from './ledger/journal.js';
// ---- Supervision: volume, denied requests, the latest entries, who read a subject, alerts, subject access. ----
export { Supervision, type SupervisionOptions } from './supervision/Supervision.js';
export { SubjectAccess, DEFAULT_TICKET_MINUTES, MAX_TICKET_MINUTES, type SubjectAccessOptions, type SubjectAccessTicket } from './supervision/SubjectAccess.js';
export { LedgerMonitor } from './supervision/LedgerMonitor.js';
export { isOffHours } from './supervision/alertRules.js';
export { subjectHashOf } from './supervision/subjects.js';
export {
  ALERT_RULES,
  ALERT_STATES,
  DEFAULT_ALERT_THRESHOLDS,
  VOLUME_DIMENSIONS,
  type Alert,
  type AlertEvaluation,
  type AlertRule,
  type AlertSeverity,
  type AlertState,
  type AlertThresholds,
  type LedgerPage,
  type PageQuery,
  type SubjectUse,
  type VolumeDimension,
  type VolumeGroup,
  type VolumeQuery,
} from './supervision/model.js';
// ---- Verifying the audit ledger, its checkpoints and its archives. ----
export { verifyLedger, type CheckpointVerifier, type LedgerProblem, type LedgerProblemKind, type LedgerVerification, type VerifyLedgerOptions } from './ledger/verify.js';
export { checkpointNow, checkpointSignerFrom, exportCheckpoints, readCheckpointFile, writeCheckpointFile } from './ledger/checkpointStore.js';
export { archiveLedger, listArchives, type ArchiveOptions, type ArchiveSeal, type LedgerArchive } from './ledger/archive.js';
export { verifyArchive, type ArchiveProblem, type ArchiveProblemKind, type ArchiveVerification, type VerifyArchiveOptions } from './ledger/archiveVerify.js';
export { indexSubjects } from './ledger/subjectIndex.js';
export { pruneArchived, type PruneResult } from './ledger/retention.js';
export { chainAnchor } from './ledger/verify.js';
