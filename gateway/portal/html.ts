/**
 * HTML built from template literals where every interpolated value is escaped. Markup is an `Html`
 * value, made only by the `html` tag itself, so text from the catalog (names, summaries, tags,
 * row values) cannot become markup by accident: a string is always text.
 */

let trusted: (markup: string) => Html;

/** Markup that is already safe to send: the result of an `html` template, and nothing else. */
export class Html {
  private constructor(readonly markup: string) {}

  static {
    trusted = (markup) => new Html(markup);
  }

  toString(): string {
    return this.markup;
  }
}

/** What a template may interpolate; `null`, `undefined` and `false` render nothing, so `${cond && html`…`}` works. */
export type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text as HTML text or as a quoted attribute value (both quote kinds are escaped). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: Interpolation): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/** The tag: `html`<td>${name}</td>`` escapes `name` unless it is itself `Html`. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return trusted(out);
}

/** A complete document as the response body. */
export function documentOf(page: Html): string {
  return `<!DOCTYPE html>\n${page.markup}`;
}
