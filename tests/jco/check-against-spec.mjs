#!/usr/bin/env node
// Second-pass check of ../../wit against the specification HTML (wasi-cli command.md @ 1049089).
//
//   node check-against-spec.mjs <spec.html> [--wit-dir DIR]
//
// Independently of how the WIT was written, this
//  - reads every `<a name="...">` anchor of the HTML (interfaces, items, fields, flags, cases,
//    parameters), with its kind, displayed name and type;
//  - parses the WIT tree (root package + deps/<pkg>/) with its own small parser;
//  - checks per interface: same world import/export names and order, every type and function
//    present with the same kind, members/params in the same order with the same types, result
//    shapes equal, `use`d types present in a `use` clause, and every doc comment equal to the
//    HTML's text once both are reduced to plain words (markup, backticks, link targets dropped).
// Exits 1 and lists the differences if any.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let specPath = null, witDir = resolve(here, '../../wit');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--wit-dir') witDir = resolve(args[++i]);
  else specPath = resolve(args[i]);
}
if (!specPath) { console.error('usage: node check-against-spec.mjs <spec.html> [--wit-dir DIR]'); process.exit(2); }

const problems = [];
const fail = (where, msg) => problems.push(`${where}: ${msg}`);

// ------------------------------------------------------------------ HTML side
const unescape = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
// plain words: drop tags, markdown link targets, backticks, emphasis, heading/bullet markers
function words(text, fromHtml = true) {
  let t = text;
  t = t.replace(/<(https?:[^>]*)>/g, '$1');             // markdown autolink <url>
  if (fromHtml) {
    t = t.replace(/<\/?(p|ul|li|h[1-6]|hr)( \/)?>/g, ' ');  // block tags separate words
    t = t.replace(/<[^>]+>/g, '');                        // inline tags (a, code, em) do not
    t = unescape(t);
  }
  t = t.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');       // [text](url)
  t = t.replace(/[`*]/g, '');
  t = t.replace(/^\s*#+\s/gm, ' ').replace(/^\s*-\s/gm, ' ');
  return t.split(/\s+/).filter(Boolean).join(' ');
}
function htmlType(t) {
  t = t.replace(/<[^>]+>/g, '');
  t = unescape(t).trim().replace(/\(/g, 'tuple<').replace(/\)/g, '>');
  return t.replace(/\s+/g, ' ');
}

let html = readFileSync(specPath, 'utf8');
// items rendered as raw markdown ("#### <a name="x">`type x`</a>") -> HTML form
html = html.replace(/^#### <a name="([a-z0-9_]+)">`([^`]*)`<\/a>$/gm, '<h4><a name="$1"><code>$2</code></a></h4>');
html = html.replace(/^----$/gm, '<hr />');

const worldPart = html.slice(0, html.indexOf('<h2>'));
const specWorld = [];
{
  const exportsAt = worldPart.indexOf('Exports:');
  for (const m of worldPart.matchAll(/<li>interface <a href="#[a-z0-9_]+"><code>([^<]+)<\/code><\/a><\/li>/g))
    specWorld.push(`${m.index < exportsAt ? 'import' : 'export'} ${m[1]}`);
}

const specIfaces = [];
for (const sec of html.slice(html.indexOf('<h2>')).split(/(?=<h2>)/)) {
  const h = /^<h2><a name="[a-z0-9_]+">(Import|Export) interface ([a-z0-9-]+)<\/a><\/h2>\n/.exec(sec);
  if (!h) throw new Error('unexpected section ' + sec.slice(0, 80));
  const body = sec.slice(h[0].length);
  const firstBreak = body.search(/<hr \/>|<h3>/);
  const iface = { name: h[2], docs: words(body.slice(0, firstBreak < 0 ? body.length : firstBreak)), items: [] };
  const chunks = body.split(/(?=<h4><a name=")/).slice(1);
  for (let chunk of chunks) {
    chunk = chunk.split(/<hr \/>\n<h3>|<h3>/)[0];
    const hm = /^<h4><a name="([a-z0-9_]+)"><code>([^<]+)<\/code><\/a><\/h4>\n/.exec(chunk);
    const head = hm[2];
    const item = head.endsWith(': func') ? { kind: 'func', name: head.slice(0, -6) } : { kind: head.split(' ')[0], name: head.split(' ')[1] };
    let rest = chunk.slice(hm[0].length);
    const parts = rest.split(/<h5>([^<]*)<\/h5>\n/);
    let pre = parts[0];
    if (item.kind === 'type') {
      const tm = /^(?:<p>(.*?)<\/p>|(`[^`\n]*`)|(\[`[^`]*`\]\(#[a-z0-9_]*\)))\n/.exec(pre);
      const raw = tm[1] || tm[2] || tm[3];
      item.target = htmlType(raw.replace(/\[`([^`]*)`\]\([^)]*\)/, '$1').replace(/`/g, ''));
      pre = pre.slice(tm[0].length).replace(/<p>\s*$/, '');
    }
    item.docs = words(pre);
    for (let i = 1; i < parts.length; i += 2) {
      const kind = parts[i], list = parts[i + 1];
      const entries = [];
      // top-level <li> elements
      let depth = 0, start = -1;
      for (const m of list.matchAll(/<li>|<\/li>|<ul>|<\/ul>/g)) {
        if (m[0] === '<li>' && depth === 1) start = m.index + 4;
        if (m[0] === '<li>' || m[0] === '<ul>') depth++; else depth--;
        if (m[0] === '</li>' && depth === 1) entries.push(list.slice(start, m.index));
      }
      const parsed = entries.map(li => {
        li = li.trim();
        if (kind === 'Return values') return { type: htmlType(li.replace(/^<a name="[^"]*"><\/a>/, '')) };
        const am = /^(?:<p>)?<a name="([a-z0-9_.]+)">(?:<a href="#[^"]*">)?<code>([^<]*)<\/code>(?:<\/a>)?<\/a>/.exec(li);
        if (!am) throw new Error('cannot read entry ' + li);
        let after = li.slice(am[0].length), type = null;
        const tm = /^: ((?:(?!<\/p>|<p>).)*?)\s*(?:<\/p>|(?=<p>)|$)/s.exec(after);
        if (tm) { if (tm[1].trim()) type = htmlType(tm[1]); after = after.slice(tm[0].length); }
        return { anchor: am[1], name: am[2], type, docs: words(after) };
      });
      item[kind] = parsed;
    }
    iface.items.push(item);
  }
  specIfaces.push(iface);
}

// every anchor of the HTML must have been read
{
  const seen = new Set();
  for (const i of specIfaces) for (const it of i.items) for (const k of Object.keys(it)) if (Array.isArray(it[k])) for (const e of it[k]) if (e.anchor) seen.add(e.anchor);
  // member/param anchors (`<a name="item.member">`); numeric ones are return values (`f.0`) or tuple fields
  for (const m of html.matchAll(/<a name="([a-z0-9_]+)\.([a-z0-9_]+)">/g))
    if (!seen.has(`${m[1]}.${m[2]}`) && !/^\d+$/.test(m[2])) fail('html', `anchor ${m[1]}.${m[2]} not read`);
  // item anchors: one per <h4> (after normalising the raw-markdown ones)
  const h4 = (html.match(/<h4><a name="/g) || []).length, read = specIfaces.reduce((n, i) => n + i.items.length, 0);
  if (h4 !== read) fail('html', `${h4} item headings but ${read} items read`);
}

// ------------------------------------------------------------------ WIT side
function tokenize(src, file) {
  const toks = [];
  const re = /\s+|\/\/\/([^\n]*)|\/\/[^\n]*|\/\*[\s\S]*?\*\/|(->)|([{}()<>,:.=_])|(%?[a-z][a-z0-9-]*|[0-9]+)/gy;
  let m;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    m = re.exec(src);
    if (!m || m.index !== at) throw new Error(`${file}: cannot tokenize at ${src.slice(at, at + 30)}`);
    if (m[1] !== undefined) toks.push({ doc: m[1].replace(/^ /, '') });
    else if (m[2] || m[3]) toks.push({ p: m[2] || m[3] });
    else if (m[4]) toks.push({ id: m[4] });
  }
  return toks;
}
function parseWit(src, file) {
  const t = tokenize(src, file);
  let i = 0;
  const peek = () => t[i], next = () => t[i++];
  const docs = () => { const d = []; while (t[i] && t[i].doc !== undefined) d.push(t[i++].doc); return d.join('\n'); };
  const expectP = p => { const x = next(); if (!x || x.p !== p) throw new Error(`${file}: expected ${p} at token ${i}: ${JSON.stringify(x)}`); };
  const ident = () => { const x = next(); if (!x || !x.id) throw new Error(`${file}: expected identifier at token ${i}: ${JSON.stringify(x)}`); return x.id; };
  const kw = new Set(['interface', 'world', 'default', 'use', 'type', 'record', 'flags', 'enum', 'variant', 'union', 'func', 'import', 'export']);
  const name = () => { const n = ident(); return n.replace(/^%/, ''); };
  function ty() {
    const x = next();
    if (x.p === '_') return '_';
    let s = x.id;
    if (peek() && peek().p === '<') {
      next(); const args = [ty()];
      while (peek().p === ',') { next(); args.push(ty()); }
      expectP('>'); s += `<${args.join(', ')}>`;
    }
    return s;
  }
  const path = () => { const ps = [ident()]; while (peek().p === '.' && t[i + 1].id) { next(); ps.push(ident()); } return ps.join('.'); };
  const items = [];
  while (i < t.length) {
    const d = docs();
    if (i >= t.length) break;
    let isDefault = false;
    if (peek().id === 'default') { next(); isDefault = true; }
    const k = ident(), n = name();
    expectP('{');
    if (k === 'world') {
      const entries = [];
      while (peek().p !== '}') { docs(); const dir = ident(); const en = name(); expectP(':'); entries.push({ dir, name: en, path: path() }); }
      next();
      items.push({ kind: 'world', name: n, isDefault, docs: d, entries });
      continue;
    }
    if (k !== 'interface') throw new Error(`${file}: unexpected ${k}`);
    const iface = { kind: 'interface', name: n, isDefault, docs: d, uses: [], items: [] };
    while (peek().p !== '}') {
      const idoc = docs();
      if (peek().p === '}') break;
      const x = ident();
      if (x === 'use') {
        const ps = [ident()];
        while (peek().p === '.' && t[i + 1].id) { next(); ps.push(ident()); }
        expectP('.'); expectP('{');
        const names = [];
        while (peek().p !== '}') { names.push(name()); if (peek().p === ',') next(); }
        next();
        iface.uses.push({ path: ps.join('.'), names });
      } else if (x === 'type') {
        const tn = name(); expectP('='); iface.items.push({ kind: 'type', name: tn, target: ty(), docs: idoc });
      } else if (['record', 'flags', 'enum', 'variant', 'union'].includes(x)) {
        const tn = name(); expectP('{');
        const members = [];
        while (peek().p !== '}') {
          const md = docs();
          const mn = name(); let mt = null;
          if (x === 'record') { expectP(':'); mt = ty(); }
          else if (x === 'variant' && peek().p === '(') { next(); mt = ty(); expectP(')'); }
          members.push({ name: mn, type: mt, docs: md });
          if (peek().p === ',') next();
        }
        next();
        iface.items.push({ kind: x, name: tn, members, docs: idoc });
      } else {
        const fn = x.replace(/^%/, '');
        expectP(':'); if (ident() !== 'func') throw new Error(`${file}: expected func after ${fn}`);
        expectP('(');
        const params = [];
        while (peek().p !== ')') { const pn = name(); expectP(':'); params.push({ name: pn, type: ty() }); if (peek().p === ',') next(); }
        next();
        let result = null;
        if (peek() && peek().p === '->') { next(); result = ty(); }
        iface.items.push({ kind: 'func', name: fn, params, result, docs: idoc });
      }
    }
    next();
    items.push(iface);
  }
  return items;
}

const witFiles = [];
const readPkg = (dir, pkg) => readdirSync(dir).filter(f => f.endsWith('.wit')).sort().map(f => ({ pkg, doc: basename(f, '.wit'), file: join(dir, f) }));
witFiles.push(...readPkg(witDir, null));
if (existsSync(join(witDir, 'deps')))
  for (const p of readdirSync(join(witDir, 'deps')).sort()) if (statSync(join(witDir, 'deps', p)).isDirectory()) witFiles.push(...readPkg(join(witDir, 'deps', p), p));
const witIfaces = [], witWorlds = [];
for (const f of witFiles) for (const it of parseWit(readFileSync(f.file, 'utf8'), f.file)) {
  Object.assign(it, { pkg: f.pkg, doc: f.doc });
  (it.kind === 'world' ? witWorlds : witIfaces).push(it);
}
function resolvePath(from, p) {
  const ps = p.split('.');
  const pkg = ps[0] === 'pkg' || ps[0] === 'self' ? from.pkg : ps[0];
  let c;
  if (ps[0] === 'self') c = witIfaces.filter(x => x.pkg === from.pkg && x.doc === from.doc && x.name === ps[1]);
  else if (ps.length === 2) c = witIfaces.filter(x => x.pkg === pkg && x.doc === ps[1] && x.isDefault);
  else c = witIfaces.filter(x => x.pkg === pkg && x.doc === ps[1] && x.name === ps[2]);
  return c.length === 1 ? c[0] : null;
}

// ------------------------------------------------------------------ comparison
const world = witWorlds.find(w => w.pkg === null && w.name === 'command');
if (!world) fail('world', 'no world command in the root package');
else {
  if (!world.isDefault) fail('world', 'command is not the default world');
  const got = world.entries.map(e => `${e.dir} ${e.name}`);
  if (got.join('\n') !== specWorld.join('\n')) fail('world', `imports/exports differ:\n  spec: ${specWorld.join(', ')}\n  wit:  ${got.join(', ')}`);
}
const wordsOfWit = d => words(d || '', false);
let checkedItems = 0, checkedMembers = 0, checkedDocs = 0;
const cmpDocs = (where, specDocs, witDocs) => {
  checkedDocs++;
  const a = specDocs, b = wordsOfWit(witDocs);
  if (a !== b) fail(where, `doc comment differs\n    spec: ${a}\n    wit:  ${b}`);
};
for (const si of specIfaces) {
  const entry = world && world.entries.find(e => e.name === si.name);
  const wi = entry && resolvePath(world, entry.path);
  if (!wi) { fail(si.name, 'interface not found through the world'); continue; }
  cmpDocs(`${si.name} (interface docs)`, si.docs, wi.docs);
  const usedNames = new Map();
  for (const u of wi.uses) {
    const src = resolvePath(wi, u.path);
    if (!src) fail(si.name, `use path ${u.path} does not resolve`);
    for (const n of u.names) {
      usedNames.set(n, src);
      if (src && !src.items.some(x => x.name === n && x.kind !== 'func')) fail(si.name, `use ${u.path}.{${n}}: no such type there`);
    }
  }
  const specTypes = si.items.filter(x => x.kind !== 'func'), specFuncs = si.items.filter(x => x.kind === 'func');
  const localSpecTypes = specTypes.filter(x => !(x.kind === 'type' && x.target === x.name));
  const usedSpecTypes = specTypes.filter(x => x.kind === 'type' && x.target === x.name);
  for (const u of usedSpecTypes) if (!usedNames.has(u.name)) fail(si.name, `type ${u.name} should come from a use clause`);
  for (const n of usedNames.keys()) if (!usedSpecTypes.some(u => u.name === n)) fail(si.name, `use of ${n} not in the spec`);
  const witTypes = wi.items.filter(x => x.kind !== 'func'), witFuncs = wi.items.filter(x => x.kind === 'func');
  const order = (a, b, what) => { const x = a.map(v => v.name).join(','), y = b.map(v => v.name).join(','); if (x !== y) fail(si.name, `${what} differ/order:\n    spec: ${x}\n    wit:  ${y}`); };
  order(localSpecTypes, witTypes, 'types');
  order(specFuncs, witFuncs, 'functions');
  for (const st of localSpecTypes) {
    const wt = witTypes.find(x => x.name === st.name); if (!wt) continue;
    checkedItems++;
    const where = `${si.name}.${st.name}`;
    cmpDocs(where, st.docs, wt.docs);
    if (st.kind === 'tuple') {
      const want = `tuple<${st['Tuple Fields'].map(f => f.type).join(', ')}>`;
      if (wt.kind !== 'type' || wt.target !== want) fail(where, `tuple should be type = ${want}, got ${wt.kind} ${wt.target}`);
      continue;
    }
    if (st.kind !== wt.kind) { fail(where, `kind ${st.kind} vs ${wt.kind}`); continue; }
    if (st.kind === 'type') { if (st.target !== wt.target) fail(where, `alias of ${st.target} vs ${wt.target}`); continue; }
    const sm = st['Record Fields'] || st['Flags members'] || st['Enum Cases'] || st['Variant Cases'] || [];
    const x = sm.map(m => m.name).join(','), y = wt.members.map(m => m.name).join(',');
    if (x !== y) { fail(where, `members differ/order:\n    spec: ${x}\n    wit:  ${y}`); continue; }
    sm.forEach((m, k) => {
      checkedMembers++;
      const w = wt.members[k];
      if ((m.type || null) !== (w.type || null)) fail(`${where}.${m.name}`, `type ${m.type} vs ${w.type}`);
      cmpDocs(`${where}.${m.name}`, m.docs, w.docs);
    });
  }
  for (const sf of specFuncs) {
    const wf = witFuncs.find(x => x.name === sf.name); if (!wf) continue;
    checkedItems++;
    const where = `${si.name}.${sf.name}`;
    cmpDocs(where, sf.docs, wf.docs);
    const sp = (sf['Params'] || []).map(p => `${p.name}: ${p.type}`).join(', ');
    const wp = wf.params.map(p => `${p.name}: ${p.type}`).join(', ');
    if (sp !== wp) fail(where, `params\n    spec: ${sp}\n    wit:  ${wp}`);
    checkedMembers += (sf['Params'] || []).length;
    const sr = (sf['Return values'] || []).map(r => r.type).join(', ') || null;
    if (sr !== wf.result) fail(where, `result ${sr} vs ${wf.result}`);
  }
}
console.log(`checked: ${specIfaces.reduce((n, i) => n + i.items.length, 0)} spec items (incl. used types), ${specWorld.length} world entries, ${specIfaces.length} interfaces, ${checkedItems} types/functions, ${checkedMembers} members/params, ${checkedDocs} doc comments`);
if (problems.length) { console.log(problems.join('\n')); console.log(`# ${problems.length} problem(s)`); process.exit(1); }
console.log('# OK: the WIT matches the spec (names, order, types, result shapes, doc text)');
