/**
 * The demo area's only import surface: the deterministic synthetic world of Qingyuan (DESIGN §6) —
 * its catalog definitions, its row generator and the loader behind `govshare demo`.
 */
export { demoCatalog, type DemoCatalog } from './demoCatalog.js';
export { loadDemoWorld, type DemoSummary, type LoadDemoOptions } from './loadDemoWorld.js';
export {
  DEFAULT_PERSONS,
  DEFAULT_SEED,
  DEMO_RESOURCES,
  demoCounts,
  generateDemoRows,
  type DemoCounts,
  type DemoResourceName,
  type DemoRow,
  type DemoRows,
} from './rows.js';
export { DEMO_EPOCH } from './calendar.js';
export { DISTRICTS, type District } from './places.js';
export { MAX_STREAMED_PERSONS, personStream } from './personStream.js';
