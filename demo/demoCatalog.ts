/** The catalog side of the demo world: departments, code sets and resources, as plain definitions. */
import type { CodeSet, Department, ResourceInput } from '../catalog/index.js';
import { demoCodeSets } from './codeSets.js';
import { demoDepartments } from './departments.js';
import { demoResources } from './resources.js';

export interface DemoCatalog {
  departments: Department[];
  codeSets: CodeSet[];
  /** In dependency order: each resource comes after the resources it references. */
  resources: ResourceInput[];
}

export function demoCatalog(): DemoCatalog {
  return { departments: demoDepartments(), codeSets: demoCodeSets(), resources: demoResources() };
}
