// The resource oracle's core guest (wit-res/res.wit, world test:res/res@0.1.0), freestanding C for clang
// --target=wasm32. Each exported acc holds one of the host's cells: every export forwards to the matching import, so
// handles cross both ways in every position the world has. The host's cells also come into the exports themselves
// (adopt/release/look/copy, acc.add-cell; misuse-lent breaks the borrow rules on purpose), tally's counters sit on
// the host's, and spend/inspect take the world's own token. Built twice by prepare.sh: with today's legacy core names
// and, with -DCM32P2, with the cm32p2 ones. The guest logs what the host does to its memory and to its exports'
// lifetimes (every cabi_realloc call, every post-return, every destructor), the bytes hosts write into or pass in
// its memory (length and hash) and which acc each borrow names, and hands the log out through take-log;
// handle numbers are never logged, since each host may number its tables its own way.
typedef unsigned char u8;
typedef int i32;
typedef unsigned int u32;
typedef long long i64;
typedef unsigned long long u64;

#define IMPORT(m, n) __attribute__((import_module(m), import_name(n)))
#define EXPORT(n) __attribute__((export_name(n)))

#ifdef CM32P2
#define CELLS "cm32p2|test:res/cells@0.1"
#define CELL_DROP "cell_drop"
#define ROOT "cm32p2"
#define EX "cm32p2|_ex_test:res/accs@0.1"
#define ACC_NEW "acc_new"
#define ACC_REP "acc_rep"
#define ACC_DROP "acc_drop"
#define ACCS(n) "cm32p2|test:res/accs@0.1|" n
#define POST(n) "cm32p2|test:res/accs@0.1|" n "_post"
#define DTOR "cm32p2|test:res/accs@0.1|acc_dtor"
#define FOLD "cm32p2||fold"
#define FOLD_POST "cm32p2||fold_post"
#define REALLOC "cm32p2_realloc"
#define TALLY "cm32p2|test:res/tally@0.1"
#define TALLY_EX "cm32p2|_ex_test:res/tally@0.1"
#define COUNTER_DROP "counter_drop"
#define COUNTER_NEW "counter_new"
#define COUNTER_REP "counter_rep"
#define COUNTER_EX_DROP "counter_drop"
#define TALLIES(n) "cm32p2|test:res/tally@0.1|" n
#define TALLY_POST(n) "cm32p2|test:res/tally@0.1|" n "_post"
#define COUNTER_DTOR "cm32p2|test:res/tally@0.1|counter_dtor"
#define TOKEN_DROP "token_drop"
#define WORLD(n) "cm32p2||" n
#define WORLD_POST(n) "cm32p2||" n "_post"
#else
#define CELLS "test:res/cells@0.1.0"
#define CELL_DROP "[resource-drop]cell"
#define ROOT "$root"
#define EX "[export]test:res/accs@0.1.0"
#define ACC_NEW "[resource-new]acc"
#define ACC_REP "[resource-rep]acc"
#define ACC_DROP "[resource-drop]acc"
#define ACCS(n) "test:res/accs@0.1.0#" n
#define POST(n) "cabi_post_test:res/accs@0.1.0#" n
#define DTOR "test:res/accs@0.1.0#[dtor]acc"
#define FOLD "fold"
#define FOLD_POST "cabi_post_fold"
#define REALLOC "cabi_realloc"
#define TALLY "test:res/tally@0.1.0"
#define TALLY_EX "[export]test:res/tally@0.1.0"
#define COUNTER_DROP "[resource-drop]counter"
#define COUNTER_NEW "[resource-new]counter"
#define COUNTER_REP "[resource-rep]counter"
#define COUNTER_EX_DROP "[resource-drop]counter"
#define TALLIES(n) "test:res/tally@0.1.0#" n
#define TALLY_POST(n) "cabi_post_test:res/tally@0.1.0#" n
#define COUNTER_DTOR "test:res/tally@0.1.0#[dtor]counter"
#define TOKEN_DROP "[resource-drop]token"
#define WORLD(n) n
#define WORLD_POST(n) "cabi_post_" n
#endif

IMPORT(CELLS, "[constructor]cell") i32 cell_new(const char *label, u32 len, i64 value);
IMPORT(CELLS, "[method]cell.get") i64 cell_get(i32 self);
IMPORT(CELLS, "[method]cell.label") void cell_label(i32 self, void *ret);
IMPORT(CELLS, "[method]cell.add") void cell_add(i32 self, i32 other);
IMPORT(CELLS, "[method]cell.absorb") i64 cell_absorb(i32 self, i32 other);
IMPORT(CELLS, "[method]cell.split") void cell_split(i32 self, u32 n, void *ret);
IMPORT(CELLS, "[static]cell.merge") i32 cell_merge(i32 a, i32 b);
IMPORT(CELLS, CELL_DROP) void cell_drop(i32 self);
IMPORT(CELLS, "make") i32 cells_make(i64 value);
IMPORT(CELLS, "wrap") void cells_wrap(i32 c, const char *name, u32 len, void *ret);
IMPORT(CELLS, "unwrap") i32 cells_unwrap(const char *name, u32 len, i32 item);
IMPORT(CELLS, "maybe") void cells_maybe(i32 is_some, i32 c, void *ret);
IMPORT(CELLS, "sum") i64 cells_sum(const i32 *items, u32 len);
IMPORT(CELLS, "swap") void cells_swap(i32 tag, i32 a, i32 b, void *ret);
IMPORT(CELLS, "gather") i32 cells_gather(const i32 *items, u32 len);
IMPORT(CELLS, "peek") void cells_peek(i32 is_some, i32 c, void *ret);
IMPORT(ROOT, "note") u32 note(const char *msg, u32 len, i64 n);
IMPORT(TALLY, "[constructor]counter") i32 host_counter_new(i64 start);
IMPORT(TALLY, "[method]counter.bump") i64 host_counter_bump(i32 self, i64 by);
IMPORT(TALLY, "read") i64 host_tally_read(i32 c);
IMPORT(TALLY, COUNTER_DROP) void host_counter_drop(i32 self);
IMPORT(TALLY_EX, COUNTER_NEW) i32 counter_new(i32 rep);
IMPORT(ROOT, "[constructor]token") i32 token_new(i64 n);
IMPORT(ROOT, "[method]token.n") i64 token_n(i32 self);
IMPORT(ROOT, "mint") i32 mint(i64 n);
IMPORT(ROOT, TOKEN_DROP) void token_drop(i32 self);
IMPORT(EX, ACC_NEW) i32 acc_new(i32 rep);
IMPORT(EX, ACC_REP) i32 acc_rep(i32 handle);
IMPORT(EX, ACC_DROP) void acc_drop(i32 handle);

#define TAG_REALLOC 0x636f6c6c61657221ull
#define TAG_POST 0x74736f70ull
#define TAG_DTOR 0x726f7464ull
#define TAG_BYTES 0x73657479ull

// --- memory: a bump heap that grows the memory; nothing is freed (a run is a few thousand calls) ---

extern u8 __heap_base;
static u32 bump = (u32)&__heap_base;

void *memcpy(void *dst, const void *src, unsigned long n) {
  u8 *d = dst;
  const u8 *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memset(void *dst, int c, unsigned long n) {
  u8 *d = dst;
  while (n--) *d++ = (u8)c;
  return dst;
}

static void *alloc(u32 align, u32 size) {
  if (align == 0 || (align & (align - 1))) __builtin_trap();
  u32 p = (bump + align - 1) & ~(align - 1);
  // Nothing to reserve: the heap does not move, so whether a host asks for zero bytes (the Canonical ABI does for an
  // empty string or list, jco does not) leaves every later pointer the same.
  if (size == 0) return (void *)p;
  u32 end = p + size;
  if (end < p) __builtin_trap();
  u32 have = __builtin_wasm_memory_size(0) << 16;
  if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) >> 16) == (unsigned long)-1) __builtin_trap();
  bump = end;
  return (void *)p;
}

// --- the log ---

#define LOG_WORDS 65536
static u64 log_words[LOG_WORDS];
static u32 log_count;

static void log1(u64 w) {
  if (log_count < LOG_WORDS) log_words[log_count++] = w;
}

EXPORT(REALLOC) void *cabi_realloc(void *old, u32 old_size, u32 align, u32 new_size) {
  log1(TAG_REALLOC);
  log1((u32)old);
  log1(old_size);
  log1(align);
  log1(new_size);
  void *p = alloc(align, new_size);
  if (old) memcpy(p, old, old_size < new_size ? old_size : new_size);
  log1((u32)p);
  return p;
}

// Bytes a host wrote into (or passed in) guest memory: their length and FNV-1a hash, so that a lowering that
// writes the wrong bytes shows even when its own lifting would read them back the same wrong way.
static void log_bytes(const void *ptr, u32 len) {
  const u8 *p = ptr;
  u64 h = 0xcbf29ce484222325ull;
  for (u32 i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  log1(TAG_BYTES);
  log1(len);
  log1(h);
}

static void post(u32 function, u64 value) {
  log1(TAG_POST);
  log1(function);
  log1(value);
}

// --- accs: each holds the handle of one cell (0 once the cell moved to the host) ---

typedef struct { i32 cell; u32 id; } acc;
static u32 live_count, next_id;

static i32 acc_make(i32 cell) {
  acc *a = alloc(4, sizeof(acc));
  a->cell = cell;
  a->id = ++next_id;
  live_count++;
  return acc_new((i32)a);
}

// An own<acc> the host gave up: its cell, which moves on, and the acc handle, dropped (its destructor runs).
static i32 acc_take(i32 handle) {
  acc *a = (acc *)acc_rep(handle);
  log1(a->id);
  i32 cell = a->cell;
  a->cell = 0;
  acc_drop(handle);
  return cell;
}

EXPORT(DTOR) void acc_dtor(acc *a) {
  log1(TAG_DTOR);
  log1(a->id);
  if (a->cell) cell_drop(a->cell);
  a->cell = 0;
  live_count--;
}

typedef struct { const char *ptr; u32 len; } str;
typedef struct { void *ptr; u32 len; } list;

EXPORT(ACCS("[constructor]acc")) i32 acc_ctor(const char *label, u32 len, i64 start) {
  log_bytes(label, len);
  log1((u64)start);
  return acc_make(cell_new(label, len, start));
}

EXPORT(ACCS("[method]acc.value")) i64 acc_value(acc *self) {
  log1(self->id);
  return cell_get(self->cell);
}

EXPORT(ACCS("[method]acc.label")) str *acc_label(acc *self) {
  str *ret = alloc(4, sizeof(str));
  cell_label(self->cell, ret);
  log_bytes(ret->ptr, ret->len);
  return ret;
}

EXPORT(ACCS("[method]acc.add")) void acc_add(acc *self, acc *other) {
  log1(self->id);
  log1(other->id);
  cell_add(self->cell, other->cell);
}

EXPORT(ACCS("[method]acc.absorb")) i64 acc_absorb(acc *self, i32 other) {
  return cell_absorb(self->cell, acc_take(other));
}

EXPORT(ACCS("[method]acc.split")) list *acc_split(acc *self, u32 n) {
  list cells;
  cell_split(self->cell, n, &cells);
  log1(cells.len);
  i32 *handles = cells.ptr;
  for (u32 i = 0; i < cells.len; i++) handles[i] = acc_make(handles[i]);
  list *ret = alloc(4, sizeof(list));
  *ret = cells;
  return ret;
}

EXPORT(ACCS("[static]acc.merge")) i32 acc_merge(i32 a, acc *b) {
  log1(b->id);
  return acc_make(cell_merge(acc_take(a), b->cell));
}

EXPORT(ACCS("make")) i32 accs_make(i64 value) { return acc_make(cells_make(value)); }

typedef struct { str name; i32 item; } boxed;

EXPORT(ACCS("wrap")) boxed *accs_wrap(i32 a, const char *name, u32 len) {
  boxed *ret = alloc(4, sizeof(boxed));
  log_bytes(name, len);
  cells_wrap(acc_take(a), name, len, ret);
  log_bytes(ret->name.ptr, ret->name.len);
  ret->item = acc_make(ret->item);
  return ret;
}

EXPORT(ACCS("unwrap")) i32 accs_unwrap(const char *name, u32 len, i32 item) {
  log_bytes(name, len);
  return acc_make(cells_unwrap(name, len, acc_take(item)));
}

// result<T, string> and the slot variant: a tag byte, then the payload at offset 4.
typedef struct { u8 tag; union { i32 handle; str text; } u; } tagged;

EXPORT(ACCS("maybe")) tagged *accs_maybe(i32 is_some, i32 a) {
  tagged *ret = alloc(4, sizeof(tagged));
  cells_maybe(is_some, is_some ? acc_take(a) : 0, ret);
  log1(ret->tag);
  if (ret->tag == 1) log_bytes(ret->u.text.ptr, ret->u.text.len);
  if (ret->tag == 0) ret->u.handle = acc_make(ret->u.handle);
  return ret;
}

EXPORT(ACCS("sum")) i64 accs_sum(acc **items, u32 len) {
  i32 *cells = alloc(4, len * 4);
  for (u32 i = 0; i < len; i++) {
    log1(items[i]->id);  // a borrow of the guest's own acc arrives as its representation
    cells[i] = items[i]->cell;
  }
  return cells_sum(cells, len);
}

EXPORT(ACCS("swap")) tagged *accs_swap(i32 tag, i32 a, i32 b) {
  tagged *ret = alloc(4, sizeof(tagged));
  if (tag == 1) a = acc_take(a);
  if (tag == 2) log_bytes((const void *)a, (u32)b);
  cells_swap(tag, a, b, ret);
  log1(ret->tag);
  if (ret->tag == 2) log_bytes(ret->u.text.ptr, ret->u.text.len);
  if (ret->tag == 1) ret->u.handle = acc_make(ret->u.handle);
  return ret;
}

EXPORT(ACCS("gather")) i32 accs_gather(i32 *items, u32 len) {
  i32 *cells = alloc(4, len * 4);
  for (u32 i = 0; i < len; i++) cells[i] = acc_take(items[i]);
  return acc_make(cells_gather(cells, len));
}

// option<string>: a tag byte, then the string at offset 4.
EXPORT(ACCS("peek")) tagged *accs_peek(i32 is_some, acc *a) {
  tagged *ret = alloc(4, sizeof(tagged));
  if (is_some) log1(a->id);
  cells_peek(is_some, is_some ? a->cell : 0, ret);
  log1(ret->tag);
  if (ret->tag) log_bytes(ret->u.text.ptr, ret->u.text.len);
  return ret;
}

// --- the host's cells in the guest's exports: own moves in and out, borrow is lent for the call ---

EXPORT(ACCS("[method]acc.add-cell")) void acc_add_cell(acc *self, i32 c) {
  log1(self->id);
  cell_add(self->cell, c);
  cell_drop(c);  // a lent handle: given back, the host keeps its cell
}

EXPORT(ACCS("adopt")) i32 accs_adopt(i32 c) {
  log1((u64)cell_get(c));
  return acc_make(c);
}

EXPORT(ACCS("release")) i32 accs_release(i32 a) { return acc_take(a); }

EXPORT(ACCS("look")) i64 accs_look(i32 c) {
  i64 v = cell_get(c);
  str label;
  cell_label(c, &label);
  log_bytes(label.ptr, label.len);
  cell_drop(c);
  return v;
}

EXPORT(ACCS("copy")) i32 accs_copy(i32 *items, u32 len) {
  i64 total = cells_sum(items, len);  // lent handles passed on as borrows
  for (u32 i = 0; i < len; i++) cell_drop(items[i]);
  return cells_make(total);
}

static i32 kept_lent;

EXPORT(ACCS("misuse-lent")) i32 accs_misuse_lent(i32 c, u32 kind) {
  i64 v;
  switch (kind) {
    case 0: kept_lent = c; return cells_make(0);             // keeps it past the call
    case 1: cell_drop(c); v = cell_get(c); break;            // uses it after dropping it
    case 2: cell_drop(c); cell_drop(c); v = 0; break;        // drops it twice
    case 3: v = cell_absorb(cells_make(3), c); break;        // passes it on as an own
    case 4: return c;                                        // returns it as the own result
    case 5: v = cell_get(kept_lent); cell_drop(c); break;    // uses the one an earlier call kept
    default: v = cell_get(c); cell_drop(c); break;
  }
  return cells_make(v);
}

// --- tally: the guest's counters, each on top of one of the host's ---

typedef struct { i32 host; u32 id; } counter;
static u32 next_counter;

EXPORT(TALLIES("[constructor]counter")) i32 counter_ctor(i64 start) {
  counter *c = alloc(4, sizeof(counter));
  c->host = host_counter_new(start * 2);
  c->id = ++next_counter;
  return counter_new((i32)c);
}

EXPORT(TALLIES("[method]counter.bump")) i64 counter_bump(counter *self, i64 by) {
  log1(self->id);
  return host_counter_bump(self->host, by) + host_tally_read(self->host);
}

EXPORT(TALLIES("read")) i64 tally_read(counter *c) {
  log1(c->id);  // a borrow of the guest's own counter arrives as its representation
  return host_tally_read(c->host);
}

EXPORT(COUNTER_DTOR) void counter_dtor(counter *c) {
  log1(TAG_DTOR);
  log1(c->id);
  host_counter_drop(c->host);
}

EXPORT(TALLY_POST("[method]counter.bump")) void post_bump(i64 r) { post(19, (u64)r); }
EXPORT(TALLY_POST("read")) void post_tally_read(i64 r) { post(20, (u64)r); }

// --- the world's own token ---

EXPORT(WORLD("spend")) i64 spend(i32 t) {
  i64 n = token_n(t);
  i32 m = mint(n + 1);
  i64 r = n + token_n(m);
  token_drop(m);
  token_drop(t);  // an own: the host's token is disposed
  return r;
}

EXPORT(WORLD("inspect")) i64 inspect(i32 t) {
  i32 doubled = token_new(token_n(t) * 2);
  i64 r = token_n(doubled);
  token_drop(doubled);
  token_drop(t);  // a lent handle: given back
  return r;
}

EXPORT(WORLD_POST("spend")) void post_spend(i64 r) { post(21, (u64)r); }

EXPORT(ACCS("live")) u32 accs_live(void) { return live_count; }

// Handles misused the ways a buggy guest would: every host must trap, whatever it numbers its handles by.
EXPORT(ACCS("misuse")) i32 accs_misuse(u32 kind) {
  i32 c = cell_new("m", 1, 1);
  i32 h;
  switch (kind) {
    case 0: cell_drop(c); cell_get(c); break;          // a cell used after its drop
    case 1: cell_drop(c); cell_drop(c); break;         // a cell dropped twice
    case 2: h = acc_make(c); acc_drop(h); acc_rep(h); break;  // the representation of a dropped acc
    case 3: return 0;                                  // handle 0 as an own<acc> result
    case 4: h = acc_make(c); acc_drop(h); return h;    // a dropped handle as an own<acc> result
    case 5: return 0x12345;                            // a forged handle as an own<acc> result
    case 6: return c;                                  // a cell's handle as an own<acc> result
  }
  return acc_make(c);
}

// The log goes out through static memory, not the heap, so its length (which differs with what the host asked of
// realloc) never moves a later pointer.
static u64 log_out[LOG_WORDS];
static list log_ret;

EXPORT(ACCS("take-log")) list *accs_take_log(void) {
  list *ret = &log_ret;
  ret->ptr = log_out;
  memcpy(ret->ptr, log_words, log_count * 8);
  ret->len = log_count;
  log_count = 0;
  return ret;
}

typedef struct { i64 sum; str label; } folded;

EXPORT(FOLD) folded *fold(i64 *values, u32 len, const char *label, u32 label_len) {
  folded *ret = alloc(8, sizeof(folded));
  ret->sum = 0;
  log_bytes(values, len * 8);
  log_bytes(label, label_len);
  for (u32 i = 0; i < len; i++) ret->sum += note(label, label_len, values[i]);
  ret->label.ptr = label;
  ret->label.len = label_len;
  return ret;
}

// Post-returns: each logs which function's results it was given (never a handle).
EXPORT(POST("[constructor]acc")) void post_ctor(i32 r) { (void)r; post(1, 0); }  // a handle: not logged
EXPORT(POST("[method]acc.value")) void post_value(i64 r) { post(2, (u64)r); }
EXPORT(POST("[method]acc.label")) void post_label(str *r) { post(3, r->len); }
EXPORT(POST("[method]acc.absorb")) void post_absorb(i64 r) { post(4, (u64)r); }
EXPORT(POST("[method]acc.split")) void post_split(list *r) { post(5, r->len); }
EXPORT(POST("[static]acc.merge")) void post_merge(i32 r) { (void)r; post(6, 0); }  // a handle: not logged
EXPORT(POST("make")) void post_make(i32 r) { (void)r; post(7, 0); }  // a handle: not logged
EXPORT(POST("wrap")) void post_wrap(boxed *r) { post(8, r->name.len); }
EXPORT(POST("unwrap")) void post_unwrap(i32 r) { (void)r; post(9, 0); }  // a handle: not logged
EXPORT(POST("maybe")) void post_maybe(tagged *r) { post(10, r->tag); }
EXPORT(POST("sum")) void post_sum(i64 r) { post(11, (u64)r); }
EXPORT(POST("swap")) void post_swap(tagged *r) { post(12, r->tag); }
EXPORT(POST("live")) void post_live(u32 r) { post(13, r); }
EXPORT(POST("gather")) void post_gather(i32 r) { (void)r; post(17, 0); }  // a handle: not logged
EXPORT(POST("peek")) void post_peek(tagged *r) { post(18, r->tag); }
EXPORT(POST("adopt")) void post_adopt(i32 r) { (void)r; post(22, 0); }  // a handle: not logged
EXPORT(POST("look")) void post_look(i64 r) { post(23, (u64)r); }
EXPORT(POST("misuse-lent")) void post_misuse_lent(i32 r) { (void)r; post(24, 0); }  // a handle: not logged
EXPORT(POST("misuse")) void post_misuse(i32 r) { (void)r; post(16, 0); }  // a handle: not logged
EXPORT(POST("take-log")) void post_take_log(list *r) { (void)r; post(14, 0); }  // its length counts the zero-byte reallocs
EXPORT(FOLD_POST) void post_fold(folded *r) { post(15, (u64)r->sum); }
