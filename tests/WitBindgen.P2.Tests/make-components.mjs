// Makes WASI 0.2 components with today's wit-component (jco 1.35.0), for Wasmtime's own WASI 0.2 to run:
//   node make-components.mjs guest <core.wasm> <out.component.wasm>
//     a core module importing WASI 0.2.12 directly: componentEmbed (the wasi:cli/command@0.2.12 world of
//     wit/wasi-0.2, given as one source with nested package blocks) then componentNew.
//   node make-components.mjs preview1 <program.wasm> <adapter.wasm> <out.component.wasm>
//     a preview-1 program wrapped with the preview-1 adapter: componentNew(program, [['wasi_snapshot_preview1', adapter]]).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentEmbed, componentNew } from '@bytecodealliance/jco';

const here = dirname(fileURLToPath(import.meta.url));
const witDir = join(here, '..', '..', 'wit', 'wasi-0.2');

async function witSource() {
  // The root package (wasi:cli) stays at the top; each dependency becomes a nested `package x { … }` block.
  let source = await readFile(join(witDir, 'package.wit'), 'utf8');
  for (const dep of (await readdir(join(witDir, 'deps'))).sort()) {
    const text = await readFile(join(witDir, 'deps', dep, 'package.wit'), 'utf8');
    source += '\n' + text.replace(/^package ([^;]+);/m, 'package $1 {') + '\n}\n';
  }
  return source;
}

try {
  const [kind, ...rest] = process.argv.slice(2);
  let component;
  if (kind === 'guest') {
    const [corePath, outPath] = rest;
    const embedded = await componentEmbed({ binary: await readFile(corePath), witSource: await witSource(), world: 'wasi:cli/command@0.2.12' });
    component = await componentNew(embedded);
    await writeFile(outPath, component);
  } else if (kind === 'preview1') {
    const [programPath, adapterPath, outPath] = rest;
    component = await componentNew(await readFile(programPath), [['wasi_snapshot_preview1', await readFile(adapterPath)]]);
    await writeFile(outPath, component);
  } else {
    throw new Error('usage: node make-components.mjs guest <core.wasm> <out> | preview1 <program.wasm> <adapter.wasm> <out>');
  }
} catch (e) {
  console.error(`make-components failed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
}
