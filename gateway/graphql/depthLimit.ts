/** A validation rule that refuses documents nested deeper than a limit, with `QUERY_TOO_COMPLEX`. */
import { QueryTooComplexError } from '../../shared/index.js';
import { GraphQLError, Kind, type ASTNode, type FragmentDefinitionNode, type ValidationContext, type ValidationRule } from 'graphql';

function depthOf(node: ASTNode, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): number {
  switch (node.kind) {
    case Kind.FIELD: {
      if (!node.selectionSet) return 0;
      return 1 + Math.max(0, ...node.selectionSet.selections.map((s) => depthOf(s, fragments, seen)));
    }
    case Kind.INLINE_FRAGMENT:
    case Kind.OPERATION_DEFINITION:
    case Kind.FRAGMENT_DEFINITION:
      return Math.max(0, ...node.selectionSet.selections.map((s) => depthOf(s, fragments, seen)));
    case Kind.FRAGMENT_SPREAD: {
      const fragment = fragments[node.name.value];
      if (!fragment || seen.has(node.name.value)) return 0;
      return depthOf(fragment, fragments, new Set([...seen, node.name.value]));
    }
    default:
      return 0;
  }
}

export function depthLimit(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    return {
      OperationDefinition(node) {
        const depth = depthOf(node, fragments, new Set());
        if (depth > maxDepth) {
          const message = `the query is nested ${depth} levels deep; the limit is ${maxDepth}`;
          // Apollo re-codes validation errors; the domain error underneath keeps the contract's code.
          context.reportError(new GraphQLError(message, { nodes: [node], originalError: new QueryTooComplexError(message) }));
        }
      },
    };
  };
}
