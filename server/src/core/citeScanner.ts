/**
 * The scanners' old path, kept for the adapter (server.ts, cli.ts) while it is being split on
 * another branch: import from './scan' instead, and delete this file once nothing imports it.
 */
export { completionContextAt, scanDocument, type ScanOptions } from './scan';
