/** GraphQL `…Where` inputs and `…Order` lists to the exchange's structured predicates. */
import type { Predicate, Scalar } from '../../../exchange/index.js';
import { InputError } from '../../../shared/index.js';

type FieldFilter = Partial<Record<'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'prefix', Scalar | null>> & {
  in?: Scalar[] | null;
  between?: Scalar[] | null;
};

export type WhereInput = { and?: WhereInput[] | null; or?: WhereInput[] | null } & { [field: string]: FieldFilter | WhereInput[] | null | undefined };

/** Every condition of a where input, AND-ed; undefined when it holds none. */
export function toPredicate(where: WhereInput | null | undefined): Predicate | undefined {
  if (!where) return undefined;
  const parts: Predicate[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === null || value === undefined) continue;
    if (key === 'and' || key === 'or') {
      const subs = (value as WhereInput[]).map(toPredicate).filter((p): p is Predicate => !!p);
      if (subs.length) parts.push(key === 'and' ? { and: subs } : { or: subs });
      continue;
    }
    for (const [op, operand] of Object.entries(value as FieldFilter)) {
      if (operand === null || operand === undefined) continue;
      if (op === 'between' && (operand as Scalar[]).length !== 2) {
        throw new InputError('invalid where', [{ field: `where.${key}.between`, message: 'must be [low, high]' }]);
      }
      parts.push({ field: key, op, value: operand } as Predicate);
    }
  }
  if (!parts.length) return undefined;
  return parts.length === 1 ? parts[0] : { and: parts };
}

export interface OrderInput {
  field: string;
  direction: 'ASC' | 'DESC';
}

export function toOrder(orderBy: OrderInput[] | null | undefined): { field: string; direction: 'asc' | 'desc' }[] | undefined {
  return orderBy?.map((o) => ({ field: o.field, direction: o.direction === 'DESC' ? 'desc' : 'asc' }));
}
