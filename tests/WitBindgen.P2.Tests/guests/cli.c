// wasi:cli (arguments, environment, initial-cwd, terminals, exit-with-code), clocks, poll and random, imported
// directly. Prints only what both hosts must agree on (no times, no random values); exits with the code in argv[1].
#include "wasi02.h"

struct str { const char *p; size_t n; };
struct pair { struct str k, v; };

__attribute__((export_name("wasi:cli/run@" WASI_V "#run")))
int32_t run(void) {
  _Alignas(8) unsigned char ret[64];
  env_get_arguments(ret);
  struct str *args = *(struct str **)ret; size_t argc = *(size_t *)(ret + 4);
  puts_("argc "); putu(argc); flush_line();
  for (size_t i = 0; i < argc; i++) { puts_("arg "); put(args[i].p, args[i].n); put("|", 1); flush_line(); }
  env_get_environment(ret);
  struct pair *env = *(struct pair **)ret; size_t envc = *(size_t *)(ret + 4);
  for (size_t i = 0; i < envc; i++) { puts_("env "); put(env[i].k.p, env[i].k.n); put("=", 1); put(env[i].v.p, env[i].v.n); flush_line(); }
  env_initial_cwd(ret);
  puts_("initial-cwd "); if (ret[0]) put(*(const char **)(ret + 4), *(size_t *)(ret + 8)); else puts_("none"); flush_line();

  get_terminal_stdin(ret); puts_("terminal-stdin "); puts_(ret[0] ? "some" : "none"); flush_line();
  get_terminal_stdout(ret); puts_("terminal-stdout "); puts_(ret[0] ? "some" : "none"); flush_line();
  get_terminal_stderr(ret); puts_("terminal-stderr "); puts_(ret[0] ? "some" : "none"); flush_line();

  // Clocks: plausible values, monotonic order, a timer that really waits.
  wall_now(ret);
  uint64_t secs = *(uint64_t *)ret; uint32_t nanos = *(uint32_t *)(ret + 8);
  puts_("wall-clock after 2024 "); puts_(secs > 1704067200ull && nanos < 1000000000u ? "yes" : "no"); flush_line();
  wall_resolution(ret);
  puts_("wall-clock resolution positive "); puts_(*(uint64_t *)ret > 0 || *(uint32_t *)(ret + 8) > 0 ? "yes" : "no"); flush_line();
  uint64_t t0 = mono_now();
  puts_("monotonic resolution positive "); puts_(mono_resolution() > 0 ? "yes" : "no"); flush_line();
  handle timer = mono_subscribe_duration(2000000); // 2 ms
  pollable_block(timer);
  uint64_t t1 = mono_now();
  puts_("timer waited "); puts_(t1 - t0 >= 2000000 ? "yes" : "no"); flush_line();
  puts_("timer ready after block "); puts_(pollable_ready(timer) ? "yes" : "no"); flush_line();
  pollable_drop(timer);
  handle far = mono_subscribe_duration(3600ull * 1000000000ull);
  handle past = mono_subscribe_instant(0);
  handle soon = mono_subscribe_duration(1000000);
  puts_("far ready "); puts_(pollable_ready(far) ? "yes" : "no"); flush_line();
  handle list[2] = { far, past };
  io_poll(list, 2, ret);
  uint32_t *ready = *(uint32_t **)ret; size_t nready = *(size_t *)(ret + 4);
  puts_("poll ready");
  for (size_t i = 0; i < nready; i++) { put(" ", 1); putu(ready[i]); }
  flush_line();
  handle list2[2] = { far, soon };
  io_poll(list2, 2, ret);
  ready = *(uint32_t **)ret; nready = *(size_t *)(ret + 4);
  puts_("poll ready");
  for (size_t i = 0; i < nready; i++) { put(" ", 1); putu(ready[i]); }
  flush_line();
  pollable_drop(far); pollable_drop(past); pollable_drop(soon);

  // Random: lengths and variety, not values.
  random_bytes(64, ret);
  unsigned char *bytes = *(unsigned char **)ret; size_t nbytes = *(size_t *)(ret + 4);
  int differ = 0; for (size_t i = 1; i < nbytes; i++) differ |= bytes[i] != bytes[0];
  puts_("random bytes "); putu(nbytes); puts_(differ ? " varied" : " constant"); flush_line();
  puts_("random u64 differ "); puts_(random_u64() != random_u64() ? "yes" : "no"); flush_line();
  insecure_bytes(16, ret);
  puts_("insecure bytes "); putu(*(size_t *)(ret + 4)); flush_line();
  puts_("insecure u64 differ "); puts_(insecure_u64() != insecure_u64() ? "yes" : "no"); flush_line();
  insecure_seed(ret);
  uint64_t s1 = *(uint64_t *)ret, s2 = *(uint64_t *)(ret + 8);
  insecure_seed(ret);
  puts_("insecure seed stable "); puts_(s1 == *(uint64_t *)ret && s2 == *(uint64_t *)(ret + 8) ? "yes" : "no"); flush_line();

  // Exit: argv[1] is the code; "ok" returns normally, "err" returns err, "exit-err" calls exit(err).
  if (argc > 1) {
    struct str a = args[1];
    if (seq(a.p, a.n, "ok")) return 0;
    if (seq(a.p, a.n, "err")) return 1;
    if (seq(a.p, a.n, "exit-err")) { cli_exit(1); __builtin_trap(); }
    int code = 0; for (size_t i = 0; i < a.n; i++) code = code * 10 + (a.p[i] - '0');
    say("exiting");
    cli_exit_with_code(code);
    __builtin_trap();
  }
  return 0;
}
