// One declaration file per public entry point (dist/types/), holding only the
// types those entries expose. Per-file declarations would make a consumer's
// compiler load every internal module's types, and with them the types of
// Vigil's own dependencies (express), which a consumer need not have.
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const ENTRIES = ['index', 'register', 'express'];

for (const name of ENTRIES) {
  const bundle = await rollup({
    input: `dist/src/${name}.d.ts`,
    plugins: [dts()],
    // Dependencies' types stay imports: bundled are only Vigil's own.
    external: (id) => !id.startsWith('.') && !id.startsWith('/'),
    onwarn(warning, warn) {
      if (warning.code !== 'EMPTY_BUNDLE') warn(warning);
    },
  });
  await bundle.write({ file: `dist/types/${name}.d.ts`, format: 'es' });
  await bundle.close();
}
