#!/usr/bin/env node
// Validates the May-2023 WIT tree in ../../wit with the era's own tooling
// (@bytecodealliance/jco 0.7.0, which bundles wit-component 0.9.0).
//
//   node flatten-and-embed.mjs <expected-core-abi.txt> [--wit-dir DIR] [--flat-out FILE] [--wit-out FILE]
//
// 1. Reads the root package (DIR/*.wit) and its dependency packages (DIR/deps/<pkg>/*.wit),
//    flattens them into a single WIT document (jco's `witSource` is one document, whose
//    `use` paths must take the `self.<interface>` form): `default interface`/`default world`
//    become plain ones, `use pkg.doc.{..}` / `use dep.doc.iface.{..}` and the world's import
//    paths are rewritten to `self.<interface>`.
// 2. componentEmbed({ dummy: true, world: 'component.command' }) builds a core module that
//    imports exactly what a guest of that world imports; its imports are listed as
//    `module.function (params) -> results` (the format of seed/core-abi.txt), then its exports.
// 3. Compares the import list with the expected file; prints a diff and exits 1 on mismatch.
// 4. componentNew + componentWit: the embedded dummy must become a component whose WIT prints back.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdtempSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { join, dirname, basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let expectedPath = null, witDir = resolve(here, '../../wit'), flatOut = null, witOut = null, moduleOut = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--wit-dir') witDir = resolve(args[++i]);
  else if (args[i] === '--flat-out') flatOut = resolve(args[++i]);
  else if (args[i] === '--wit-out') witOut = resolve(args[++i]);
  else if (args[i] === '--module-out') moduleOut = resolve(args[++i]);
  else if (!expectedPath) expectedPath = resolve(args[i]);
  else { console.error(`unexpected argument ${args[i]}`); process.exit(2); }
}
if (!expectedPath) {
  console.error('usage: node flatten-and-embed.mjs <expected-core-abi.txt> [--wit-dir DIR] [--flat-out FILE] [--wit-out FILE] [--module-out FILE]');
  process.exit(2);
}
const apiPath = join(here, 'node_modules/@bytecodealliance/jco/api.mjs');
if (!existsSync(apiPath)) {
  console.error(`missing ${apiPath}: run \`npm ci\` (or \`npm install\`) in ${here}`);
  process.exit(2);
}
const api = await import(apiPath);

// ---------------------------------------------------------------- reading the tree
const ROOT = '<root>';
function readPackage(dir) {
  return readdirSync(dir).filter(f => f.endsWith('.wit') && statSync(join(dir, f)).isFile()).sort()
    .map(f => ({ doc: basename(f, '.wit'), text: readFileSync(join(dir, f), 'utf8') }));
}
const packages = new Map();            // package name -> [{doc, text}]
packages.set(ROOT, readPackage(witDir));
const depsDir = join(witDir, 'deps');
if (existsSync(depsDir))
  for (const p of readdirSync(depsDir).sort())
    if (statSync(join(depsDir, p)).isDirectory()) packages.set(p, readPackage(join(depsDir, p)));

// Split a document into its top-level items. Items start at column 0 with
// `[default] interface|world NAME {` (doc comments above belong to them) and end at a `}` line.
function splitDocument(pkg, doc, text) {
  const lines = text.split('\n');
  const items = [];
  let pendingDocs = [], cur = null;
  for (const line of lines) {
    if (!cur) {
      const m = /^(default\s+)?(interface|world)\s+(%?[a-z][a-z0-9-]*)\s*\{\s*(\})?\s*$/.exec(line);
      if (m) {
        cur = { pkg, doc, isDefault: !!m[1], kind: m[2], name: m[3].replace(/^%/, ''), docs: pendingDocs, body: [] };
        pendingDocs = [];
        if (m[4]) { items.push(cur); cur = null; }
      } else if (/^\s*\/\/\//.test(line)) pendingDocs.push(line);
      else if (/^\s*(\/\/.*)?$/.test(line)) { if (line.trim() !== '') pendingDocs = []; }
      else throw new Error(`${pkg}/${doc}.wit: unexpected top-level line: ${line}`);
    } else if (line === '}') { items.push(cur); cur = null; }
    else cur.body.push(line);
  }
  if (cur) throw new Error(`${pkg}/${doc}.wit: unterminated ${cur.kind} ${cur.name}`);
  return items;
}

const all = [];
for (const [pkg, docs] of packages) for (const { doc, text } of docs) all.push(...splitDocument(pkg, doc, text));
const interfaces = all.filter(i => i.kind === 'interface');
const worlds = all.filter(i => i.kind === 'world');

// flat names: the interface's own name, prefixed with its package when that collides
const count = new Map();
for (const i of interfaces) count.set(i.name, (count.get(i.name) || 0) + 1);
for (const i of interfaces) i.flat = count.get(i.name) > 1 ? `${i.pkg}-${i.name}` : i.name;

function lookup(fromPkg, fromDoc, path) {
  // path: self.I | pkg.D | pkg.D.I | dep.D | dep.D.I
  const parts = path.split('.').map(s => s.replace(/^%/, ''));
  let cands;
  if (parts[0] === 'self') {
    if (parts.length !== 2) throw new Error(`bad path ${path}`);
    cands = interfaces.filter(i => i.pkg === fromPkg && i.doc === fromDoc && i.name === parts[1]);
  } else {
    const pkg = parts[0] === 'pkg' ? fromPkg : parts[0];
    if (!packages.has(pkg)) throw new Error(`unknown package in ${path} (from ${fromPkg}/${fromDoc})`);
    if (parts.length === 2) cands = interfaces.filter(i => i.pkg === pkg && i.doc === parts[1] && i.isDefault);
    else if (parts.length === 3) cands = interfaces.filter(i => i.pkg === pkg && i.doc === parts[1] && i.name === parts[2]);
    else throw new Error(`bad path ${path}`);
  }
  if (cands.length !== 1) throw new Error(`cannot resolve ${path} from ${fromPkg}/${fromDoc}`);
  return cands[0];
}

function rewriteBody(item) {
  return item.body.map(line => {
    let m = /^(\s*use\s+)([%a-z0-9.-]+)(\.\{.*)$/.exec(line);
    if (m) return `${m[1]}self.${lookup(item.pkg, item.doc, m[2]).flat}${m[3]}`;
    m = /^(\s*(?:import|export)\s+%?[a-z][a-z0-9-]*\s*:\s*)([%a-z0-9.-]+)\s*$/.exec(line);
    if (m && item.kind === 'world') return `${m[1]}self.${lookup(item.pkg, item.doc, m[2]).flat}`;
    return line;
  });
}

const rootWorlds = worlds.filter(w => w.pkg === ROOT);
const command = rootWorlds.find(w => w.name === 'command');
if (!command) throw new Error('no world `command` in the root package');
let flat = '';
for (const i of interfaces) flat += [...i.docs, `interface ${i.flat} {`, ...rewriteBody(i), '}', '', ''].join('\n');
flat += [...command.docs, `default world command {`, ...rewriteBody(command), '}', ''].join('\n');
if (flatOut) writeFileSync(flatOut, flat);

// ---------------------------------------------------------------- embedding
let core;
try {
  core = api.componentEmbed({ dummy: true, witSource: flat, world: 'component.command' });
} catch (e) {
  console.error('componentEmbed rejected the flattened WIT:\n' + (e.message || e));
  process.exit(1);
}
// The dummy guest itself: the .NET tests instantiate it against our generated glue.
if (moduleOut) {
  mkdirSync(dirname(moduleOut), { recursive: true });
  writeFileSync(moduleOut, core);
}

// ---------------------------------------------------------------- reading the core module
function readModule(bytes) {
  let p = 8;
  const u32 = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  const name = () => { const n = u32(); const s = Buffer.from(bytes.subarray(p, p + n)).toString('utf8'); p += n; return s; };
  const VT = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };
  const types = [], imports = [], exports = [], funcs = [];
  const limits = () => { const f = u32(); u32(); if (f & 1) u32(); };
  while (p < bytes.length) {
    const id = bytes[p++], size = u32(), end = p + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        if (bytes[p++] !== 0x60) throw new Error('bad func type');
        const ps = []; for (let k = u32(); k > 0; k--) ps.push(VT[bytes[p++]]);
        const rs = []; for (let k = u32(); k > 0; k--) rs.push(VT[bytes[p++]]);
        types.push({ ps, rs });
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        const module = name(), field = name(), kind = bytes[p++];
        if (kind === 0) { const t = u32(); imports.push({ module, field, kind: 'func', type: types[t] }); funcs.push(types[t]); }
        else if (kind === 1) { p++; limits(); imports.push({ module, field, kind: 'table' }); }
        else if (kind === 2) { limits(); imports.push({ module, field, kind: 'memory' }); }
        else if (kind === 3) { p += 2; imports.push({ module, field, kind: 'global' }); }
        else throw new Error('bad import kind');
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcs.push(types[u32()]);
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const field = name(), kind = bytes[p++], idx = u32();
        exports.push({ field, kind: ['func', 'table', 'memory', 'global'][kind], type: kind === 0 ? funcs[idx] : null });
      }
    }
    p = end;
  }
  return { imports, exports };
}
const sig = t => `(${t.ps.join(', ')}) -> ${t.rs.length === 0 ? 'nil' : t.rs.length === 1 ? t.rs[0] : '(' + t.rs.join(', ') + ')'}`;
const { imports, exports } = readModule(core);
const importLines = imports.map(i => i.kind === 'func' ? `${i.module}.${i.field} ${sig(i.type)}` : `${i.module}.${i.field} <${i.kind}>`);
const exportLines = exports.map(e => e.kind === 'func' ? `${e.field} ${sig(e.type)}` : `${e.field} <${e.kind}>`);

console.log(`# imports of the dummy core module (${importLines.length})`);
for (const l of importLines) console.log(l);
console.log(`# exports of the dummy core module (${exportLines.length})`);
for (const l of exportLines) console.log(l);

// ---------------------------------------------------------------- round trip through a component
let roundTripOk = true;
try {
  const component = api.componentNew(core, null);
  const wit = api.componentWit(component);
  if (witOut) writeFileSync(witOut, wit);
  const funcsBack = (wit.match(/^\s*[%a-z][a-z0-9-]*: func\(/gm) || []).length;
  const importsBack = (wit.match(/^\s*import [a-z0-9-]+: /gm) || []).length;
  const exportsBack = (wit.match(/^\s*export [a-z0-9-]+: /gm) || []).length;
  console.log(`# componentNew + componentWit: ok (${wit.length} chars of WIT, ${funcsBack} functions, ${importsBack} imports, ${exportsBack} exports)`);
  // the printed WIT (docs are not kept in a component) must embed to the very same core module interface
  const worldBack = /^default world ([a-z0-9-]+)/m.exec(wit)[1];
  const again = readModule(api.componentEmbed({ dummy: true, witSource: wit, world: `component.${worldBack}` }));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (same(again.imports, imports) && same(again.exports, exports))
    console.log('# round trip: the printed WIT embeds to identical imports and exports');
  else { roundTripOk = false; console.log('# round trip: the printed WIT embeds to DIFFERENT imports/exports'); }
} catch (e) {
  roundTripOk = false;
  console.log('# componentNew/componentWit failed: ' + (e.message || e));
}

// ---------------------------------------------------------------- comparison
const expected = readFileSync(expectedPath, 'utf8');
const actual = importLines.join('\n') + '\n';
if (actual === expected) {
  console.log(`# OK: imports are byte-identical to ${expectedPath}`);
  process.exit(roundTripOk ? 0 : 1);
}
const dir = mkdtempSync(join(tmpdir(), 'wit-jco-'));
writeFileSync(join(dir, 'actual.txt'), actual);
const sorted = s => s.split('\n').filter(Boolean).sort().join('\n') + '\n';
if (sorted(actual) === sorted(expected))
  console.log('# imports match only when sorted: the order differs');
const d = spawnSync('diff', ['-u', expectedPath, join(dir, 'actual.txt')], { encoding: 'utf8' });
console.log(d.stdout || d.error);
rmSync(dir, { recursive: true, force: true });
console.log(`# MISMATCH against ${expectedPath}`);
process.exit(1);
