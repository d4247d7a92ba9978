// Path B of the resource oracle, built by prepare.sh with jco 1.35.0 (today's wit-component and its JS host):
//   node Resources/make-res.mjs <guest.wasm> <world.wit> <world> <out-dir>
// embeds the world in the core guest (componentEmbed), makes the component (componentNew, which checks every core
// import and export against today's Canonical ABI), and transpiles it to JavaScript (transpile, instantiation mode)
// into <out-dir>, where res-driver.mjs runs it.
import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { componentEmbed, componentNew, transpile } from '@bytecodealliance/jco';

const [guestPath, witPath, world, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node make-res.mjs <guest.wasm> <world.wit> <world> <out-dir>');
  process.exit(2);
}
/**
 * jco 1.35.0 lifts each own handle of a list into a wrapper object in a loop whose `var handleN` and `var rscN` are
 * function-scoped, so every wrapper's dispose closure sees the last element: disposing any element of a lifted
 * list<own<acc>> drops the last one's handle and kills the last wrapper instead. Each is made block-scoped (`let`),
 * which is what the generated code means; they are used only inside the loop's body.
 */
function fixListLiftClosures(js) {
  const lines = js.split('\n');
  let depth = -1;
  let fixed = 0;
  for (let k = 0; k < lines.length; k++) {
    if (depth < 0 && /for \(let i = 0; i < len\d+; i\+\+\) \{$/.test(lines[k])) { depth = 0; continue; }
    if (depth < 0) continue;
    if (/^\s*var (handle|rsc)\d+ = /.test(lines[k]) && depth === 0) {
      lines[k] = lines[k].replace('var ', 'let ');
      fixed++;
    }
    depth += (lines[k].match(/\{/g) || []).length - (lines[k].match(/\}/g) || []).length;
    if (depth < 0) depth = -1;
  }
  if (fixed === 0) throw new Error('no list-lift loop to fix: has jco changed? (see fixListLiftClosures)');
  return lines.join('\n');
}

try {
  const embedded = await componentEmbed({ binary: await readFile(guestPath), witSource: await readFile(witPath, 'utf8'), world });
  const component = await componentNew(embedded);
  const { files } = await transpile(component, { name: 'res', instantiation: { tag: 'async' }, noTypescript: true });
  files['res.js'] = fixListLiftClosures(new TextDecoder().decode(files['res.js']));
  await rm(outDir, { recursive: true, force: true });
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(dirname(join(outDir, name)), { recursive: true });
    await writeFile(join(outDir, name), bytes);
  }
  await writeFile(join(outDir, 'component.wasm'), component);
  console.log(`wrote ${outDir} (a component of ${component.length} bytes, transpiled)`);
} catch (e) {
  console.error(`make-res failed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
}
