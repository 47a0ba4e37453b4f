/**
 * zod for code that runs only on the server (loaders and actions). Importing `zod` itself in a route
 * file keeps the whole library (about 450 KB) in that page's browser bundle even when only the
 * loader uses it; a `.server` module is left out of the browser build. Forms that validate in the
 * browser (Conform's onValidate) import `zod` directly, on purpose.
 */
export { z } from 'zod'
