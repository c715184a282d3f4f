/**
 * Matches a whole name against a glob: `*` any run of characters (`/` included), `?` exactly
 * one character, everything else literal.
 *
 * Not a regular expression: a backtracking engine takes exponential time on a glob with many
 * `*` against a long name that almost matches (`a*a*a*…b` against `aaaa…`), and so does
 * picomatch, which compiles to one (a 30-character name took 0.4 s, a 40-character one over a
 * minute). Here the glob is split at `*` and each piece is found at its leftmost place after
 * the previous one; leftmost is always safe because a `*` can absorb whatever lies between.
 * Time is at most name length × glob length, with no backtracking across pieces.
 */
export function globMatches(glob: string, name: string): boolean {
  const pieces = glob.split('*');
  const first = pieces[0]!;
  if (pieces.length === 1) return name.length === glob.length && pieceAt(first, name, 0);
  const last = pieces[pieces.length - 1]!;
  if (first.length + last.length > name.length) return false;
  if (!pieceAt(first, name, 0) || !pieceAt(last, name, name.length - last.length)) return false;
  let from = first.length;
  const end = name.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const at = findPiece(piece, name, from, end);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** The leftmost position in [from, end - piece.length] where the piece matches, or -1. */
function findPiece(piece: string, name: string, from: number, end: number): number {
  for (let at = from; at + piece.length <= end; at++) {
    if (pieceAt(piece, name, at)) return at;
  }
  return -1;
}

function pieceAt(piece: string, name: string, at: number): boolean {
  if (at < 0 || at + piece.length > name.length) return false;
  for (let i = 0; i < piece.length; i++) {
    if (piece[i] !== '?' && piece[i] !== name[at + i]) return false;
  }
  return true;
}
