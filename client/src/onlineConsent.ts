/**
 * When and how the extension asks before it lets the server reach the internet (issue 20). Plain
 * functions over the protocol types, so the decisions run under node:test; onlineLookUp.ts shows them.
 */
import type { OnlineRefusal } from '../../server/src/protocol';

/** The three answers of the prompt, in the order the buttons show. */
export const CONSENT_BUTTONS = ['Enable', 'Just this once', 'Never'] as const;
export type ConsentAnswer = (typeof CONSENT_BUTTONS)[number];

/** What to do with a server answer, given what the user said before ("Never" is remembered). */
export type NextStep =
  | { kind: 'done' }
  | { kind: 'ask'; message: string }
  | { kind: 'inform'; level: 'info' | 'warning' | 'error'; message: string };

/** "arXiv (export.arxiv.org) and Semantic Scholar (api.semanticscholar.org)". */
export function servicesPhrase(services: OnlineRefusal['services']): string {
  const named = services.map((s) => `${s.name} (${s.host})`);
  return named.length <= 1 ? (named[0] ?? 'no service') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

export function nextStep(answer: { ok: true } | OnlineRefusal, saidNever: boolean, what: string): NextStep {
  if (answer.ok) return { kind: 'done' };
  switch (answer.reason) {
    case 'disabled':
      return saidNever
        ? { kind: 'inform', level: 'info', message: `ML Papers: online look-up is off (you chose "Never"). Turn on the setting mlPapers.online.enabled to ${what}.` }
        : { kind: 'ask', message: `ML Papers: ${what} online? This contacts ${servicesPhrase(answer.services)}; nothing else leaves your machine. Online look-up is off until you allow it.` };
    case 'untrusted':
      return { kind: 'inform', level: 'warning', message: 'ML Papers: online look-up is not available in an untrusted workspace.' };
    case 'not-found':
      return { kind: 'inform', level: 'info', message: `ML Papers: ${answer.message}` };
    default:
      return { kind: 'inform', level: 'error', message: `ML Papers: ${answer.message}` };
  }
}
