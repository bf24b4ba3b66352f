/**
 * Fixtures for core tests: unindented strings where `$0` marks the cursor and `<<`…`>>` mark
 * expected spans, and `//- name` header lines split multi-file fixtures.
 */
import type { Span } from '../server/src/core/model';

export interface Fixture {
  /** The text with all markers removed. */
  text: string;
  /** Offset of `$0`, or -1 when the fixture has none. */
  cursor: number;
  /** Spans marked with `<<` and `>>`, in order. */
  marked: Span[];
}

/** Strips `$0`, `<<` and `>>` markers and reports where they were. */
export function fixture(raw: string): Fixture {
  let text = '';
  let cursor = -1;
  const marked: Span[] = [];
  const open: number[] = [];
  for (let i = 0; i < raw.length; ) {
    if (raw.startsWith('$0', i)) { cursor = text.length; i += 2; continue; }
    if (raw.startsWith('<<', i)) { open.push(text.length); i += 2; continue; }
    if (raw.startsWith('>>', i) && open.length) { marked.push({ start: open.pop()!, end: text.length }); i += 2; continue; }
    text += raw[i++];
  }
  marked.sort((a, b) => a.start - b.start);
  return { text, cursor, marked };
}

/** Splits `//- name` headed sections into files; text before the first header is ignored. */
export function files(raw: string): Map<string, Fixture> {
  const out = new Map<string, Fixture>();
  const parts = raw.split(/^\/\/- (.+)\n/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i].trim(), fixture(parts[i + 1] ?? ''));
  return out;
}

/** Renders the text of each span, for compact assertions: `["he2016deep", "vaswani2017attention"]`. */
export function texts(text: string, spans: readonly Span[]): string[] {
  return spans.map((s) => text.slice(s.start, s.end));
}
