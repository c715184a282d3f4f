const WORD_CHAR = /[A-Za-z0-9_]/;

/**
 * The marker as a whole word of the description, as a regex `\b` would see it: with
 * markers `EC2_BACKUP` and `EC2_BACKUP_API`, "… EC2_BACKUP_API" carries only the second.
 * Searched with indexOf, so a marker from the configuration is never compiled into a regex.
 */
export function hasMarkerWord(description: string | undefined, marker: string): boolean {
  if (typeof description !== 'string' || marker.length === 0) return false;
  const needsLeft = WORD_CHAR.test(marker[0]!);
  const needsRight = WORD_CHAR.test(marker[marker.length - 1]!);
  for (let at = description.indexOf(marker); at >= 0; at = description.indexOf(marker, at + 1)) {
    const before = description[at - 1];
    const after = description[at + marker.length];
    const leftOk = !needsLeft || before === undefined || !WORD_CHAR.test(before);
    const rightOk = !needsRight || after === undefined || !WORD_CHAR.test(after);
    if (leftOk && rightOk) return true;
  }
  return false;
}
