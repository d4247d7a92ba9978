#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    int code = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", code);
    fflush(stdout);
    if (argc > 2) exit(code);  /* proc_exit through exit() */
    return code;               /* proc_exit through returning from main */
}
