/**
 * The subset of Solr query syntax CKAN clients send in `q` and `fq`: clauses `field:value`,
 * `field:"quoted value"` and `field:(a OR b)`, joined by spaces, `AND` or `+`; `*:*` for
 * everything; in `q`, bare words are the free-text search. Anything else (OR between clauses,
 * NOT, wildcards, ranges) is refused with a message naming it, never guessed at.
 */
import { InputError, redactIdentifiers } from '../../shared/index.js';

export interface Clause {
  field: string;
  /** Any of these values (a parenthesised OR list, or one value). */
  values: string[];
}

export interface ParsedQuery {
  clauses: Clause[];
  /** Free-text words (only `q` may have them). */
  words: string[];
}

class Scanner {
  i = 0;
  constructor(
    readonly text: string,
    private readonly param: string,
  ) {}

  fail(message: string): never {
    // Values typed into a query may be identifiers; the message names them redacted.
    throw new InputError('Search Query is invalid', [{ field: this.param, message: `Search Query is invalid: ${redactIdentifiers(message, 300)}` }]);
  }

  skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }

  done(): boolean {
    this.skipSpace();
    return this.i >= this.text.length;
  }

  /** A quoted string or a bare token ending at whitespace, `)` or the end. */
  value(): string {
    if (this.text[this.i] === '"') {
      let out = '';
      for (this.i++; this.i < this.text.length; this.i++) {
        const c = this.text[this.i]!;
        if (c === '\\' && this.i + 1 < this.text.length) out += this.text[++this.i];
        else if (c === '"') {
          this.i++;
          return out;
        } else out += c;
      }
      this.fail('an unterminated quoted value');
    }
    const start = this.i;
    while (this.i < this.text.length && !/[\s()]/.test(this.text[this.i]!)) this.i++;
    const token = this.text.slice(start, this.i);
    if (!token) this.fail(`a value was expected at position ${start + 1}`);
    if (/[*?[\]{}^~]/.test(token)) this.fail(`wildcards, ranges and boosts are not supported ("${token}")`);
    return token.replace(/\\(.)/g, '$1');
  }

  /** `(a OR b OR "c d")` after `field:`. */
  orList(): string[] {
    this.i++; // (
    const values: string[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] === ')') break;
      if (this.i >= this.text.length) this.fail('an unclosed "("');
      if (values.length) {
        const op = this.value();
        if (op !== 'OR') this.fail(`only OR may join the values in parentheses, not "${op}"`);
        this.skipSpace();
      }
      values.push(this.value());
    }
    this.i++; // )
    if (!values.length) this.fail('empty parentheses');
    return values;
  }
}

const OPERATORS = new Set(['AND', '&&']);
const UNSUPPORTED = new Set(['OR', '||', 'NOT', '!']);

/** Parses `q` or `fq`; `fq` may hold clauses only. */
export function parseSolrQuery(text: string, param: 'q' | 'fq'): ParsedQuery {
  const s = new Scanner(text, param);
  const parsed: ParsedQuery = { clauses: [], words: [] };
  while (!s.done()) {
    if (s.text.startsWith('*:*', s.i)) {
      s.i += 3;
      continue;
    }
    if (s.text[s.i] === '+') s.i++;
    if (s.text[s.i] === '-') s.fail('negated clauses are not supported');
    if (s.text[s.i] === '(' || s.text[s.i] === ')') s.fail('grouping clauses in parentheses is not supported');
    const field = /^([A-Za-z_][\w.]*):/.exec(s.text.slice(s.i));
    if (field) {
      s.i += field[0].length;
      const values = s.text[s.i] === '(' ? s.orList() : [s.value()];
      parsed.clauses.push({ field: field[1]!, values });
      continue;
    }
    const word = s.value();
    if (OPERATORS.has(word)) continue;
    if (UNSUPPORTED.has(word)) s.fail(`"${word}" between clauses is not supported; clauses are joined by AND`);
    if (param === 'fq') s.fail(`"${word}" is not a field:value clause`);
    parsed.words.push(word);
  }
  return parsed;
}
