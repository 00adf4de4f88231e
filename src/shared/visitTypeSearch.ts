/**
 * Ranking visit types as the receptionist types: "fol" + Enter must pick Follow-up Visit, not
 * Cardiology Follow-up because it sorts first. Browser-safe and pure.
 *
 * Order: how the text matches a name (the whole of a word > the start of a word > anywhere in
 * the name), then how often this clinic books the type (`useCount`), then the name A–Z.
 */
export interface RankableVisitType {
  name: string;
  /** Bookings of this type at this clinic; absent counts as 0. */
  useCount?: number | undefined;
}

const enum Match {
  ExactWord = 0,
  /** The first word starts with the text: "fol" in "Follow-up Visit". */
  StartOfName = 1,
  StartOfWord = 2,
  Substring = 3,
  None = 4,
}

const words = (name: string) =>
  name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

function matchOf(name: string, q: string): Match {
  const lower = name.toLowerCase();
  const ws = words(name);
  // "follow up" typed for "Follow-up": compare without punctuation too.
  const qWords = words(q);
  if (qWords.length === 0) return Match.None;
  if (lower === q || ws.join(' ') === qWords.join(' ')) return Match.ExactWord;
  if (qWords.length === 1 && ws.includes(qWords[0]!)) return Match.ExactWord;
  const joined = ws.join(' ');
  if (joined.startsWith(qWords.join(' '))) return Match.StartOfName;
  // Each typed word starts some word of the name: "fu vis" for "Follow-up Visit".
  if (qWords.every((w) => ws.some((x) => x.startsWith(w)))) return Match.StartOfWord;
  if (lower.includes(q) || joined.includes(qWords.join(' '))) return Match.Substring;
  return Match.None;
}

/**
 * The types that match `text`, best first. Empty text keeps every type, most used first.
 * Returns a new array; the input is not changed.
 */
export function rankVisitTypes<T extends RankableVisitType>(
  types: readonly T[],
  text: string,
): T[] {
  const q = text.trim().toLowerCase();
  const scored = types
    .map((t) => ({ t, m: q === '' ? Match.ExactWord : matchOf(t.name, q) }))
    .filter((x) => x.m !== Match.None);
  scored.sort(
    (a, b) =>
      a.m - b.m ||
      (b.t.useCount ?? 0) - (a.t.useCount ?? 0) ||
      a.t.name.localeCompare(b.t.name, 'en', { sensitivity: 'base' }),
  );
  return scored.map((x) => x.t);
}
