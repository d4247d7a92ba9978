// Runs a fixed list of calls through jco 0.6.1's own JavaScript glue for wasm-tools.core.wasm (the same guest the
// C# tests instantiate) and writes each call's arguments, result and console.error output to a JSON file that the
// C# tests replay. Bytes are base64. Usage: node expected.mjs <out.json>
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? resolve(here, 'out/expected.json'));

// What the guest logs: jco's lib/console.js calls console.error(msg) for the guest's console.error import.
const logs = [];
const realError = console.error;
console.error = (msg) => logs.push(msg);
const api = await import(resolve(here, 'node_modules/@bytecodealliance/jco/api.mjs'));

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const hex = (text) => new Uint8Array(Buffer.from(text, 'hex'));

// Arguments as the JSON file holds them (bytes as base64), and how to pass them to jco's functions.
const cases = [];
function call(name, fn, args) {
  logs.length = 0;
  const bytes = (v) => (v == null ? null : new Uint8Array(Buffer.from(v, 'base64')));
  let result;
  try {
    let value;
    switch (fn) {
      case 'parse': value = b64(api.parse(args.wat)); break;
      case 'print': value = api.print(bytes(args.binary)); break;
      case 'component-new':
        value = b64(api.componentNew(bytes(args.binary), args.adapters && args.adapters.map(([n, m]) => [n, bytes(m)])));
        break;
      case 'component-wit': value = api.componentWit(bytes(args.binary), args.document); break;
      case 'component-embed': value = b64(api.componentEmbed(bytes(args.binary), args.wit, args.opts)); break;
      case 'metadata-show': value = api.metadataShow(bytes(args.binary)); break;
      case 'metadata-add': value = b64(api.metadataAdd(bytes(args.binary), args.metadata)); break;
      default: throw new Error(`unknown function ${fn}`);
    }
    result = { ok: value };
  } catch (e) {
    if (e.constructor.name === 'ComponentError') result = { err: e.message };
    else if (e instanceof WebAssembly.RuntimeError) result = { trap: e.message };
    else throw e;
  }
  cases.push({ name, fn, args, result, logs: [...logs] });
  return result.ok;
}
// A call whose result later calls take as input: it must succeed.
function need(name, fn, args) {
  const value = call(name, fn, args);
  if (value === undefined) throw new Error(`${name} failed: ${JSON.stringify(cases.at(-1).result)}`);
  return value;
}

// ---- parse / print ----
const addWat = '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))';
const add = need('parse-add', 'parse', { wat: addWat });
const unicodeWat = '(module\n  (memory 1)\n  (data (i32.const 8) "h\u00e9llo \u2713 \ud83d\ude00")\n  (func $cafe (export "gr\u00fc\u00df \u2713 \ud83d\ude00"))\n)';
const unicode = need('parse-unicode', 'parse', { wat: unicodeWat });
call('parse-error', 'parse', { wat: '(module (func (result i32) i64.const 1)' });
call('parse-empty', 'parse', { wat: '' });
// A 64 KiB data segment: the guest grows its memory while it works.
const big = Array.from({ length: 65536 }, (_, i) => '\\' + ((i * 7919) & 255).toString(16).padStart(2, '0')).join('');
const bigModule = need('parse-large', 'parse', { wat: `(module (memory 2) (data (i32.const 0) "${big}"))` });
call('print-add', 'print', { binary: add });
call('print-unicode', 'print', { binary: unicode });
call('print-large', 'print', { binary: bigModule });
call('print-empty', 'print', { binary: '' });
call('print-truncated', 'print', { binary: b64(hex('0061736d01000000010701')) });

// ---- component-embed / component-new / component-wit ----
const wit = [
  'interface host {',
  '  log: func(msg: string, level: option<u8>)',
  '}',
  '',
  'default world guest {',
  '  import host: self.host',
  '  import clock: interface { now: func() -> tuple<u64, u32> }',
  '  export run: func(args: list<string>) -> result<_, string>',
  '}',
  '',
].join('\n');
const embedded = need('embed-dummy-options', 'component-embed', {
  binary: null, wit,
  opts: { stringEncoding: 'compact-utf16', dummy: true, world: 'component.guest',
          metadata: [['processed-by', [['witbindgen-tests', '1.2.3'], ['t\u00e9st \u2713', '\ud83d\ude00']]], ['language', [['C#', '14']]]] },
});
call('embed-dummy', 'component-embed', { binary: null, wit, opts: { dummy: true, stringEncoding: null, world: null, metadata: null } });
call('embed-binary-no-options', 'component-embed', { binary: add, wit, opts: null });
call('embed-no-binary', 'component-embed', { binary: null, wit, opts: null });
call('embed-bad-wit', 'component-embed', { binary: null, wit: 'default world w {\n  import x: func(a: nope)\n}\n', opts: { dummy: true, stringEncoding: null, world: null, metadata: null } });
call('embed-bad-world', 'component-embed', { binary: null, wit, opts: { dummy: true, stringEncoding: 'utf8', world: 'component.nope', metadata: null } });
const component = need('new', 'component-new', { binary: embedded, adapters: null });
call('new-empty-adapters', 'component-new', { binary: embedded, adapters: [] });
call('new-truncated', 'component-new', { binary: b64(hex('0061736d010000')), adapters: null });
call('new-bad-adapter', 'component-new', { binary: embedded, adapters: [['wasi_snapshot_preview1', b64(hex('0061736d01000000ff'))]] });
call('wit', 'component-wit', { binary: component, document: null });
call('wit-document', 'component-wit', { binary: component, document: 'd\u00f6c' });
call('wit-not-a-component', 'component-wit', { binary: b64(hex('01')), document: null });

// ---- metadata-show / metadata-add ----
call('show-component', 'metadata-show', { binary: component });
call('show-module', 'metadata-show', { binary: embedded });
call('show-truncated', 'metadata-show', { binary: b64(hex('0061736d0100000009')) });
const added = need('add-module', 'metadata-add', {
  binary: add,
  metadata: [['language', [['C#', '14']]], ['processed-by', [['witbindgen', '0.1.0'], ['\u00e9\u2713', '\ud83d\ude00']]]],
});
call('show-added', 'metadata-show', { binary: added });
call('add-nothing', 'metadata-add', { binary: component, metadata: [] });
call('add-truncated', 'metadata-add', { binary: b64(hex('010203')), metadata: [['sdk', []]] });

// ---- a panic: the guest's panic hook logs through console.error, then traps ----
// A module whose function section claims 0x38b functions: wit-component 0.8.2 slices past its end.
// Last: a trapped instance is not used again.
call('new-panics', 'component-new', { binary: b64(hex('0061736d0100000001070160027f7f017f0302018b07073b0361646400000aa6010700200020016a0b')), adapters: null });

// ---- our WIT against the real guest, judged by the era's wit-component (0.8.2, inside jco 0.6.1) ----
// Embeds wit/ (flattened into the single document jco takes) into wasm-tools.core.wasm itself and makes a component
// of it: wit-component rejects any import or export whose name or core signature differs from the world's.
function witCheck() {
  const wit = readFileSync(resolve(here, 'wit/console.wit'), 'utf8').replace('default interface console', 'interface console') + '\n' +
    readFileSync(resolve(here, 'wit/wasm-tools.wit'), 'utf8').replace('import console: pkg.console', 'import console: self.console');
  const guest = readFileSync(resolve(here, 'node_modules/@bytecodealliance/jco/wasm-tools.core.wasm'));
  try {
    const embedded = api.componentEmbed(guest, wit, { world: 'component.wasm-tools-js' });
    return { ok: api.componentWit(api.componentNew(embedded, null), null) };
  } catch (e) {
    return { err: String(e.message ?? e) };
  }
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ jco: '0.6.1', witCheck: witCheck(), cases }, null, 1) + '\n');
console.error = realError;
console.log(`expected.mjs: ${cases.length} calls through jco 0.6.1 -> ${out}`);
