// Runs a script of calls on the resource oracle's guest as jco 1.35.0 transpiled it, with a JavaScript host for
// the imported `cells` and `note`, and prints the transcript ResourceOracleTests compares line for line with the one
// WitBindgen's glue gives (ResourceScript.cs runs the same script there, with a C# host that behaves the same):
//   node Resources/res-driver.mjs <transpiled-dir> <script.json>
// Lines: `op K name args`, then what the host saw (`host …`), then `= result`, then `log …` (the guest's words).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, scriptPath] = process.argv.slice(2);
const script = JSON.parse(await readFile(scriptPath, 'utf8'));
const out = [];
const say = (line) => out.push(line);
const symbolDispose = Symbol.dispose || Symbol.for('dispose');

/** A string as both drivers print it: printable ASCII as is, every other UTF-16 unit as \u{xxxx}. */
function q(s) {
  let r = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    r += c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c ? `\\u{${c.toString(16).padStart(4, '0')}}` : s[i];
  }
  return r + '"';
}
const s64 = (v) => BigInt.asIntN(64, v);

// --- the host: cells and note (ResourceHost.cs is the same in C#) ---
let nextCell = 0;
let notes = 0;
class Cell {
  #label; #value;
  constructor(label, value) {
    this.id = ++nextCell;
    this.#label = label;
    this.#value = value;
    say(`host new cell#${this.id}(${q(label)}, ${value})`);
  }
  get name() { return `cell#${this.id}`; }
  get() { say(`host ${this.name}.get() -> ${this.#value}`); return this.#value; }
  label() { say(`host ${this.name}.label() -> ${q(this.#label)}`); return this.#label; }
  peekValue() { return this.#value; }
  peekLabel() { return this.#label; }
  setLabel(label) { this.#label = label; }
  add(other) { this.#value = s64(this.#value + other.peekValue()); say(`host ${this.name}.add(${other.name}) -> ${this.#value}`); }
  absorb(other) {
    this.#value = s64(this.#value + other.peekValue());
    say(`host ${this.name}.absorb(${other.name}) -> ${this.#value}`);
    return this.#value;
  }
  split(n) {
    say(`host ${this.name}.split(${n})`);
    const parts = [];
    for (let i = 0; i < Math.min(n, 3); i++) parts.push(new Cell(`${this.#label}.${i}`, s64(this.#value + BigInt(i))));
    return parts;
  }
  static merge(a, b) {
    say(`host merge(${a.name}, ${b.name})`);
    return new Cell(`${a.peekLabel()}+${b.peekLabel()}`, s64(a.peekValue() + b.peekValue()));
  }
  [symbolDispose]() { say(`host dispose ${this.name}`); }
}

const cells = {
  Cell,
  make(value) { say(`host make(${value})`); return new Cell('made', value); },
  wrap(c, name) { say(`host wrap(${c.name}, ${q(name)})`); return { name: name + '!', item: c }; },
  unwrap(b) {
    say(`host unwrap(${q(b.name)}, ${b.item.name})`);
    b.item.setLabel(b.name);
    return b.item;
  },
  // jco: an import's result<T, E> is returned as T, or thrown as { payload: E }.
  maybe(c) {
    say(`host maybe(${c === undefined ? 'none' : c.name})`);
    if (c === undefined) throw { payload: 'none' };
    if (c.peekValue() < 0n) throw { payload: 'negative ' + c.peekLabel() };
    return c;
  },
  sum(items) {
    const total = items.reduce((t, c) => s64(t + c.peekValue()), 0n);
    say(`host sum([${items.map((c) => c.name).join(', ')}]) -> ${total}`);
    return total;
  },
  swap(s) {
    say(`host swap(${s.tag}${s.tag === 'full' ? ' ' + s.val.name : s.tag === 'note' ? ' ' + q(s.val) : ''})`);
    if (s.tag === 'empty') return { tag: 'full', val: new Cell('fresh', 7n) };
    if (s.tag === 'full') return { tag: 'note', val: s.val.peekLabel() };
    return { tag: 'empty' };
  },
  gather(items) {
    say(`host gather([${items.map((c) => c.name).join(', ')}])`);
    return new Cell(items.map((c) => c.peekLabel()).join('&'), items.reduce((t, c) => s64(t + c.peekValue()), 0n));
  },
  peek(c) {
    say(`host peek(${c === undefined ? 'none' : c.name})`);
    return c === undefined ? undefined : c.peekLabel();
  },
};

let nextCounter = 0;
class Counter {
  #count;
  constructor(start) {
    this.name = `counter#${++nextCounter}`;
    this.#count = start;
    say(`host new ${this.name}(${start})`);
  }
  get count() { return this.#count; }
  bump(by) { this.#count = s64(this.#count + by); say(`host ${this.name}.bump(${by}) -> ${this.#count}`); return this.#count; }
  [symbolDispose]() { say(`host dispose ${this.name}`); }
}
const tally = {
  Counter,
  read(c) { say(`host read(${c.name}) -> ${c.count}`); return c.count; },
};

let nextToken = 0;
class Token {
  #n;
  constructor(n) {
    this.name = `token#${++nextToken}`;
    this.#n = n;
    say(`host new ${this.name}(${n})`);
  }
  n() { say(`host ${this.name}.n() -> ${this.#n}`); return this.#n; }
  [symbolDispose]() { say(`host dispose ${this.name}`); }
}
const mint = (n) => { say(`host mint(${n})`); return new Token(n); };

const note = (msg, n) => {
  notes++;
  say(`host note(${q(msg)}, ${n}) -> ${notes}`);
  return notes;
};

// --- the guest ---
const root = await (await import(pathToFileURL(join(dir, 'res.js')).href)).instantiate(
  async (path) => WebAssembly.compile(await readFile(join(dir, path))),
  // jco 1.35.0's d.ts names the import 'test:res/cells@0.1.0', its code reads 'test:res/cells'; the world's own
  // resource and functions are imports named by themselves.
  {
    'test:res/cells@0.1.0': cells, 'test:res/cells': cells, 'test:res/tally@0.1.0': tally, 'test:res/tally': tally,
    note: { default: note }, mint: { default: mint }, token: { default: Token },
  });
const accs = root['test:res/accs@0.1.0'];
const Acc = accs.Acc;
const guestTally = root['test:res/tally@0.1.0'];
// The host's own cells, which it moves into and lends to the guest's exports; the guest's counters.
const hostCells = [];
const counters = [];

const pool = [];
const at = (i) => i % pool.length;
const other = (i, j) => { const k = j % pool.length; return k === at(i) ? (k + 1) % pool.length : k; };
// Accs the host gave up (moved to the guest or dropped): using one again must be refused without reaching the guest.
const graveyard = [];
const take = (k) => { const a = pool.splice(k, 1)[0]; graveyard.push(a); return a; };
const log = () => say('log ' + Array.from(accs.takeLog(), (w) => w.toString(16)).join(' '));

function run(op) {
  switch (op.op) {
    case 'new': pool.push(new Acc(op.text, BigInt(op.value))); return 'acc';
    case 'value': if (!pool.length) return 'skip'; return String(pool[at(op.i)].value());
    case 'label': if (!pool.length) return 'skip'; return q(pool[at(op.i)].label());
    case 'add': if (pool.length < 2) return 'skip'; pool[at(op.i)].add(pool[other(op.i, op.j)]); return '()';
    case 'absorb': {
      if (pool.length < 2) return 'skip';
      const a = pool[at(op.i)], k = other(op.i, op.j);
      const v = a.absorb(pool[k]);
      take(k);
      return String(v);
    }
    case 'split': {
      if (!pool.length) return 'skip';
      const parts = pool[at(op.i)].split(op.n);
      pool.push(...parts);
      return `list ${parts.length}`;
    }
    case 'merge': {
      if (pool.length < 2) return 'skip';
      const k = at(op.i), b = pool[other(op.i, op.j)];
      const m = Acc.merge(pool[k], b);
      take(k);
      pool.push(m);
      return 'acc';
    }
    case 'merge-self': {
      // The same acc as the own and the borrowed argument: the own one moves first, so the borrow finds it gone.
      if (!pool.length) return 'skip';
      const k = at(op.i);
      try { pool.push(Acc.merge(pool[k], pool[k])); } catch (e) {
        if (!(e instanceof TypeError)) throw e;
        take(k);
        return 'refused';
      }
      return 'acc';
    }
    case 'make': pool.push(accs.make(BigInt(op.value))); return 'acc';
    case 'wrap': {
      if (!pool.length) return 'skip';
      const k = at(op.i);
      const b = accs.wrap(pool[k], op.text);
      take(k);
      pool.push(b.item);
      return `boxed ${q(b.name)}`;
    }
    case 'unwrap': {
      if (!pool.length) return 'skip';
      const k = at(op.i);
      const a = accs.unwrap({ name: op.text, item: pool[k] });
      take(k);
      pool.push(a);
      return 'acc';
    }
    case 'maybe': {
      let arg;
      let k = -1;
      if (op.some && pool.length) { k = at(op.i); arg = pool[k]; }
      let r;
      try { r = accs.maybe(arg); } catch (e) {
        if (e === null || typeof e !== 'object' || !('payload' in e)) throw e;
        r = { err: e.payload };
      }
      if (k >= 0) take(k);
      if (r && r.err !== undefined && !(r instanceof Acc)) return `err ${q(r.err)}`;
      pool.push(r);
      return 'ok acc';
    }
    case 'sum': {
      if (!pool.length) return 'skip';
      return String(accs.sum(op.items.map((i) => pool[at(i)])));
    }
    case 'swap': {
      let s, k = -1;
      if (op.kind === 1) { if (!pool.length) return 'skip'; k = at(op.i); s = { tag: 'full', val: pool[k] }; }
      else s = op.kind === 0 ? { tag: 'empty' } : { tag: 'note', val: op.text };
      const r = accs.swap(s);
      if (k >= 0) take(k);
      if (r.tag === 'full') { pool.push(r.val); return 'full acc'; }
      return r.tag === 'note' ? `note ${q(r.val)}` : 'empty';
    }
    case 'gather': {
      // Distinct accs (an own cannot be given twice), in the order first named; then out of the pool, last first.
      if (!pool.length) return 'skip';
      const ks = [...new Set(op.items.map(at))];
      pool.push(accs.gather(ks.map((k) => pool[k])));
      for (const k of [...ks].sort((x, y) => y - x)) take(k);
      return 'acc';
    }
    case 'peek': {
      const r = accs.peek(op.some && pool.length ? pool[at(op.i)] : undefined);
      return r === undefined ? 'none' : `some ${q(r)}`;
    }
    case 'drop': { if (!pool.length) return 'skip'; take(at(op.i))[symbolDispose](); return '()'; }
    case 'live': return String(accs.live());
    case 'misuse': pool.push(accs.misuse(op.i)); return 'acc';
    case 'stale': {
      if (!graveyard.length) return 'skip';
      try { graveyard[op.i % graveyard.length].value(); } catch (e) {
        if (e instanceof TypeError) return 'refused';
        throw e;
      }
      return 'not refused';
    }
    case 'cell': hostCells.push(new Cell(op.text, BigInt(op.value))); return 'cell';
    case 'adopt': {
      if (!hostCells.length) return 'skip';
      const c = hostCells.splice(op.i % hostCells.length, 1)[0];
      pool.push(accs.adopt(c));
      return 'acc';
    }
    case 'release': {
      if (!pool.length) return 'skip';
      const c = accs.release(pool[at(op.i)]);
      take(at(op.i));
      hostCells.push(c);
      return c.name;
    }
    case 'look': if (!hostCells.length) return 'skip'; return String(accs.look(hostCells[op.i % hostCells.length]));
    case 'copy': {
      if (!hostCells.length) return 'skip';
      const c = accs.copy(op.items.map((i) => hostCells[i % hostCells.length]));
      hostCells.push(c);
      return c.name;
    }
    case 'add-cell':
      if (!pool.length || !hostCells.length) return 'skip';
      pool[at(op.i)].addCell(hostCells[op.j % hostCells.length]);
      return '()';
    case 'misuse-lent': {
      if (!hostCells.length) return 'skip';
      const c = accs.misuseLent(hostCells[op.i % hostCells.length], op.kind);
      hostCells.push(c);
      return c.name;
    }
    case 'counter': counters.push(new guestTally.Counter(BigInt(op.value))); return 'counter';
    case 'bump': if (!counters.length) return 'skip'; return String(counters[op.i % counters.length].bump(BigInt(op.value)));
    case 'read': if (!counters.length) return 'skip'; return String(guestTally.read(counters[op.i % counters.length]));
    case 'counter-drop': {
      if (!counters.length) return 'skip';
      counters.splice(op.i % counters.length, 1)[0][symbolDispose]();
      return '()';
    }
    case 'spend': return String(root.spend(new Token(BigInt(op.value))));
    case 'inspect': return String(root.inspect(new Token(BigInt(op.value))));
    case 'fold': {
      const [sum, label] = root.fold(BigInt64Array.from(op.values, BigInt), op.text);
      return `(${sum}, ${q(label)})`;
    }
    default: throw new Error(`unknown op ${op.op}`);
  }
}

try {
  script.ops.forEach((op, k) => {
    say(`op ${k} ${op.op}`);
    say('= ' + run(op));
    log();
  });
  say('op end dispose all');
  for (const a of pool.splice(0)) a[symbolDispose]();
  for (const c of counters.splice(0)) c[symbolDispose]();
  say('= live ' + accs.live());
  log();
} catch (e) {
  say(`= trap`);
  console.error(e && e.stack ? e.stack : String(e));
}
process.stdout.write(out.join('\n') + '\n');
