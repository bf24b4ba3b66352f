/**
 * The messages between the graph panel (graphView.ts, in the extension host) and its webview script
 * (client/webview/graphWebview.ts, in the browser). Types only, so both sides build from one list.
 */
import type { PaperDetailsRequest, PaperGraph } from '../../server/src/protocol';

export type GraphScope = 'document' | 'workspace';

/** From the panel to the webview. */
export type ToGraphWebview =
  /** The graph to draw, with its SVG from the server's writer (what "Export SVG" saves). */
  | { type: 'graph'; graph: PaperGraph; svg: string; title: string; scope: GraphScope; canCite: boolean; sequence: number }
  | { type: 'details'; key: string; details: PaperDetailsRequest.Result | null }
  | { type: 'error'; message: string }
  | { type: 'cited'; key: string; where: string }
  /** Tests and commands: focus a node as the keyboard would, and show its card. */
  | { type: 'select'; key: string };

/** From the webview to the panel. */
export type FromGraphWebview =
  | { type: 'ready' }
  /** The graph `sequence` is drawn: how many nodes, and how many suggestions, are in the page. */
  | { type: 'rendered'; nodes: number; suggested: number; sequence: number }
  | { type: 'selected'; key: string }
  | { type: 'details'; key: string }
  | { type: 'cite'; key: string }
  | { type: 'openUrl'; url: string }
  | { type: 'showDetails'; key: string }
  | { type: 'export' }
  | { type: 'scope'; scope: GraphScope }
  | { type: 'refresh' };
