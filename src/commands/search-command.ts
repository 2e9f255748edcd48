// `reader search QUERY [--json]`: the archive's search from the command line, offline. Newest first; the
// matched words are marked in a snippet ([…] in plain text, ranges in JSON).
import type { ArticleRef } from "../model.js";
import type { SearchHit } from "../store/archive.js";
import { KeptArchive } from "../store/kept.js";
import type { Store } from "../store/store.js";
import { formatLocalTime } from "../text/article.js";
import { sanitizeInline, stripControls } from "../text/sanitize.js";
import { truncateToWidth } from "../text/width.js";

/** The snippet's pieces, each marked or not, sanitised (content reaches the terminal). */
export function snippetParts(hit: SearchHit): Array<{ text: string; marked: boolean }> {
  const parts: Array<{ text: string; marked: boolean }> = [];
  let at = 0;
  hit.marks.forEach(([start, end], i) => {
    if (start > at)
      parts.push({ text: cleanPiece(hit.snippet.slice(at, start), i === 0, false), marked: false });
    parts.push({ text: cleanPiece(hit.snippet.slice(start, end), false, false), marked: true });
    at = end;
  });
  if (at < hit.snippet.length)
    parts.push({ text: cleanPiece(hit.snippet.slice(at), hit.marks.length === 0, true), marked: false });
  return parts;
}

/**
 * One piece of the snippet sanitised; the space at a cut between a match and the words beside it stays (the
 * sanitiser trims a piece's ends, which ran `이용한 산불` together as `이용한산불`). Not at the snippet's own ends.
 */
function cleanPiece(raw: string, first: boolean, final: boolean): string {
  const bare = stripControls(raw);
  const clean = sanitizeInline(bare);
  const before = !first && /^\s/.test(bare) ? " " : "";
  const after = !final && /\s$/.test(bare) ? " " : "";
  return clean ? before + clean + after : before || after;
}

export function searchLines(hits: readonly SearchHit[], width: number): string[] {
  const lines: string[] = [];
  for (const hit of hits) {
    const date = (hit.published ? formatLocalTime(hit.published) : "").padEnd(16);
    const channel = hit.channel ? `  (${sanitizeInline(hit.channel)})` : "";
    lines.push(truncateToWidth(`${date}  ${sanitizeInline(hit.title)}${channel}`, width));
    const snippet = snippetParts(hit)
      .map((p) => (p.marked ? `[${p.text}]` : p.text))
      .join("");
    if (snippet.trim()) lines.push(truncateToWidth(`  ${snippet}`, width));
    lines.push(truncateToWidth(`  ${sanitizeInline(hit.url)}`, width));
  }
  return lines;
}

/** The hits as list items (a saved search's list, `reader list` of one). */
export function searchItems(hits: readonly SearchHit[]): ArticleRef[] {
  return hits.map((hit) => ({
    title: hit.title,
    url: hit.url,
    ...(hit.published ? { published: hit.published } : {}),
  }));
}

export function searchJson(hits: readonly SearchHit[]): unknown {
  return hits.map((hit) => ({ ...hit, marks: hit.marks.map(([start, end]) => ({ start, end })) }));
}

/** Opens the archive (importing today's files the first time) and searches it. */
export async function searchArchive(
  store: Store,
  query: string,
  limit: number,
  onWarning: (text: string) => void,
): Promise<SearchHit[]> {
  const kept = new KeptArchive(store, { onWarning });
  const archive = await kept.open();
  if (!archive) return [];
  try {
    return archive.search(query, limit);
  } finally {
    archive.close();
  }
}
