/**
 * Where `../shared` (seed documents, real .bib files that may not be redistributed, tools) sits:
 * beside the repository, as in CI. Only the tests under test/sharedMaterial read it
 * (`npm run test:shared`); `npm test` needs nothing outside the repository.
 */
import { resolve } from 'node:path';
export const sharedDir = process.env.ML_PAPERS_SHARED ?? resolve(process.cwd(), '..', 'shared');
