// Turns the oracle's core guest into a component with today's wit-component (jco 1.35.0):
//   node make-component.mjs <guest.wat> <world.wit> <world> <out.component.wasm>
// parses the WAT to a core module, embeds the WIT world as its component-type metadata (componentEmbed) and
// builds the component (componentNew), which also checks every core import and export against the Canonical ABI
// signature today's tools derive from the WIT.
//   node make-component.mjs --self-check
// builds a tiny component, to show that the tools are installed and work.
import { readFile, writeFile } from 'node:fs/promises';
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco';

async function build(wat, witSource, world) {
  const binary = await parse(wat);
  const embedded = await componentEmbed({ binary, witSource, world });
  return await componentNew(embedded);
}

try {
  if (process.argv[2] === '--self-check') {
    const component = await build(
      `(module
         (import "host" "f" (func $f (param i32) (result i32)))
         (memory (export "memory") 1)
         (func (export "guest#f") (param i32) (result i32) (call $f (local.get 0)))
         (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)))`,
      'package check:self; world w { import host: interface { f: func(x: u32) -> u32; } export guest: interface { f: func(x: u32) -> u32; } }',
      'w');
    console.log(`jco self-check: a component of ${component.length} bytes`);
  } else {
    const [watPath, witPath, world, outPath] = process.argv.slice(2);
    if (!outPath) throw new Error('usage: node make-component.mjs <guest.wat> <world.wit> <world> <out.component.wasm>');
    const component = await build(await readFile(watPath, 'utf8'), await readFile(witPath, 'utf8'), world);
    await writeFile(outPath, component);
    console.log(`wrote ${outPath} (${component.length} bytes)`);
  }
} catch (e) {
  console.error(`make-component failed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
}
