// Opens files, a directory stream and file streams in the preopen /data and returns without dropping any of them:
// the host must release them when its context is disposed (ContextTests).
#include "wasi02.h"

static _Alignas(8) unsigned char ret[128];
enum { READ = 1, WRITE = 2 };
enum { CREATE = 1 };

__attribute__((export_name("wasi:cli/run@" WASI_V "#run")))
int32_t run(void) {
  get_directories(ret);
  if (*(size_t *)(ret + 4) < 1) return 1;
  handle data = **(handle **)ret;
  char name[] = "leak-00.txt";
  int opened = 0;
  for (int i = 0; i < 16; i++) {
    name[5] = (char)('0' + i / 10);
    name[6] = (char)('0' + i % 10);
    d_open_at(data, 0, name, slen(name), CREATE, READ | WRITE, ret);
    if (ret[0]) continue;
    handle f = *(handle *)(ret + 4);
    opened++;
    if (i == 0) {
      d_write_via_stream(f, 0, ret);
      if (!ret[0]) opened++;
      d_read_via_stream(f, 0, ret);
      if (!ret[0]) opened++;
    }
  }
  d_read_directory(data, ret);
  if (!ret[0]) opened++;
  puts_("left open "); putu(opened); flush_line();
  return 0;
}
