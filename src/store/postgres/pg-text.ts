/** PostgreSQL text cannot hold U+0000 at all: text sent to it has NUL replaced by U+FFFD. */
export function pgText(value: string): string {
  return value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value;
}
