/** The product's version: package.json's, for the CLI, the server's `serverInfo` and `--version`. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = require('../../package.json').version;
