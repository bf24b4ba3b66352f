/** Where `../shared` (seed documents, real .bib files, tools) sits: beside the repository, as in CI. */
import { resolve } from 'node:path';
export const sharedDir = process.env.ML_PAPERS_SHARED ?? resolve(process.cwd(), '..', 'shared');
