/** Names of the typed data API (DESIGN §4): `person`, `personList`, `Person`, `PersonWhere`, … */
import type { DataItem, DataType } from '../../../catalog/index.js';

export function typeName(apiName: string): string {
  return apiName[0]!.toUpperCase() + apiName.slice(1);
}

export const fieldNames = (apiName: string) => ({
  lookup: apiName,
  list: `${apiName}List`,
  aggregate: `${apiName}Aggregate`,
  verify: `${apiName}Verify`,
});

export const typeNames = (apiName: string) => {
  const t = typeName(apiName);
  return {
    record: t,
    where: `${t}Where`,
    order: `${t}Order`,
    field: `${t}Field`,
    connection: `${t}Connection`,
    edge: `${t}Edge`,
    group: `${t}Group`,
    claims: `${t}Claims`,
  };
};

/** The GraphQL scalar of a data type. Integers declared longer than 9 digits are Float (GraphQL Int is 32-bit). */
export function scalarOf(item: Pick<DataItem, 'dataType' | 'length'>): 'String' | 'Int' | 'Float' | 'Boolean' {
  const t: DataType = item.dataType;
  switch (t) {
    case 'integer':
      return item.length !== undefined && item.length > 9 ? 'Float' : 'Int';
    case 'decimal':
      return 'Float';
    case 'boolean':
      return 'Boolean';
    case 'string':
    case 'code':
    case 'date':
    case 'datetime':
    case 'geopoint':
      return 'String';
    default: {
      const unreachable: never = t;
      throw new Error(`unknown data type ${String(unreachable)}`);
    }
  }
}

/** The filter input type of a scalar. */
export function filterOf(scalar: ReturnType<typeof scalarOf>): string {
  return `${scalar}Filter`;
}

const REFERENCE_SUFFIX = /(IdNumber|CreditCode|Id|Code|No|Number)$/;

/** The nested field of a referencing item: `holderId` → `holder`, `subjectCreditCode` → `subject`. */
export function referenceFieldName(item: Pick<DataItem, 'apiName'>, taken: ReadonlySet<string>): string {
  const stripped = item.apiName.replace(REFERENCE_SUFFIX, '');
  const name = stripped && stripped !== item.apiName ? stripped : `${item.apiName}Record`;
  return taken.has(name) ? `${item.apiName}Record` : name;
}
