// Makes the core module any guest of a WIT world imports and exports, with jco 1.35.0 (today's wit-component):
//   node embed-dummy.mjs <world.wit> <world> <out.wasm>
// componentEmbed({ dummy: true }) writes a module whose imports are exactly what the world's guests import, under
// the names (cm32p2|…) this version of wit-component gives them.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { componentEmbed } from '@bytecodealliance/jco';

const [witPath, world, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node embed-dummy.mjs <world.wit> <world> <out.wasm>');
  process.exit(2);
}
try {
  const core = await componentEmbed({ dummy: true, witSource: await readFile(witPath, 'utf8'), world });
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, core);
  console.log(`wrote ${outPath} (${core.length} bytes)`);
} catch (e) {
  console.error(`embed-dummy failed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
}
