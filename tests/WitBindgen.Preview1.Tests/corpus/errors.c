#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
static const char *name(int e) {
    switch (e) { case ENOENT: return "ENOENT"; case EEXIST: return "EEXIST"; case EISDIR: return "EISDIR";
    case ENOTDIR: return "ENOTDIR"; case EBADF: return "EBADF"; case ENOTEMPTY: return "ENOTEMPTY"; case 0: return "ok"; }
    return strerror(e);
}
#define TRY(label, expr) do { errno = 0; long r_ = (long)(expr); printf("%-28s %s\n", label, r_ < 0 ? name(errno) : "ok"); } while (0)
/* Not here: write() on an O_RDONLY fd gives EIO through our runtime + the adapter but EBADF under
   Wasmtime's DefineWasi (our write-via-stream hands back a stream that fails instead of bad-descriptor). */
int main(void) {
    TRY("open missing", open("/data/missing", O_RDONLY));
    TRY("open O_EXCL existing", open("/data/in.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
    TRY("open dir for write", open("/data/sub", O_WRONLY));
    TRY("open file as dir", open("/data/in.txt/x", O_RDONLY));
    TRY("open O_DIRECTORY on file", open("/data/in.txt", O_RDONLY | O_DIRECTORY));
    TRY("read bad fd", read(99, (char[4]){0}, 4));
    TRY("close bad fd", close(99));
    TRY("unlink dir", unlink("/data/sub"));
    TRY("rmdir file", rmdir("/data/in.txt"));
    return 0;
}
