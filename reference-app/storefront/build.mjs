// Bundles src/ into the one script the api serves. Deterministic: same lock file, same bytes, so
// StorefrontBundleTest can rebuild it and compare with the committed copy.
//   node build.mjs [outfile]
import { build } from 'esbuild';

const outfile = process.argv[2] ?? '../src/main/resources/storefront/storefront.js';
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  charset: 'utf8',
  outfile,
  logLevel: 'warning',
});
