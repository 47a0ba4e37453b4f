/**
 * zod for code that runs only on the server (loaders and actions): a `.server` module is
 * left out of the browser build, so a route whose browser code never validates carries no
 * zod at all. Forms that validate in the browser (Conform's onValidate) import zod
 * directly, and always as `import * as z from 'zod'`: the named import `{ z }` makes
 * esbuild keep zod's whole namespace, all its translations included (about 450 KB instead
 * of about 95 KB; tests/e2e/page-weight.spec.ts holds the budget).
 */
export { z } from 'zod'
