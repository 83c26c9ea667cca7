/**
 * Echoing what a client asked for (an unknown id, a bad query value) into an error message is
 * useful, but the value may be a resident ID, a credit code or a phone number typed in the wrong
 * place. Long digit runs and identifier-shaped tokens keep their first three characters only;
 * resource codes (`102001/000001`), apiNames, slugs and UUIDs pass unchanged.
 */
const IDENTIFIER_LIKE = /\d{7,}[0-9A-Za-z]*|[0-9A-Z]{15,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function redactIdentifiers(text: string, maxLength = 100): string {
  if (UUID.test(text)) return text;
  const cut = text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
  return cut.replace(IDENTIFIER_LIKE, (run) => `${run.slice(0, 3)}***`);
}
