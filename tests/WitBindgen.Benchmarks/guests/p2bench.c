// The WASI 0.2 benchmark guest, built three times (MODE): 1 calls wall-clock.now a million times; 2 writes 64 MiB
// to stdout in 64 KiB chunks under the 0.2 write contract (check-write, write, wait on the stream's pollable when
// nothing is permitted, blocking-flush at the end); 3 writes one line (start-up). The same core module runs on our
// WASI 0.2 face and, made a component by jco 1.35.0, on Wasmtime's own WASI 0.2.
#include "../../WitBindgen.P2.Tests/guests/wasi02.h"

static _Alignas(8) unsigned char ret[32];
static unsigned char chunk[64 * 1024];

__attribute__((export_name("wasi:cli/run@" WASI_V "#run")))
int32_t run(void) {
#if MODE == 1
  uint64_t sum = 0;
  for (int i = 0; i < 1000000; i++) {
    wall_now(ret);
    sum += *(uint64_t *)ret + *(uint32_t *)(ret + 8);
  }
  return sum == 0; // never 0: the calls cannot be optimised away
#elif MODE == 2
  handle out = get_stdout();
  handle writable = out_subscribe(out);
  for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = (unsigned char)('a' + i % 26);
  for (int c = 0; c < 1024; c++) {
    size_t at = 0;
    while (at < sizeof chunk) {
      out_check_write(out, ret);
      if (ret[0] != 0) return 1;
      uint64_t permitted = *(uint64_t *)(ret + 8);
      if (permitted == 0) { pollable_block(writable); continue; }
      size_t n = sizeof chunk - at < permitted ? sizeof chunk - at : (size_t)permitted;
      out_write(out, chunk + at, n, ret);
      if (ret[0] != 0) return 1;
      at += n;
    }
  }
  out_blocking_flush(out, ret);
  pollable_drop(writable);
  return ret[0] != 0;
#else
  say("hello, world");
  return 0;
#endif
}
