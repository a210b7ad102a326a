/* argcheck.c - exits 0 exactly when its arguments are
 * "argcheck hello world" (exec's argument tests run it). */
#include "user.h"

int main(int argc, char **argv)
{
    return argc == 3 && strcmp(argv[0], "argcheck") == 0 && strcmp(argv[1], "hello") == 0 &&
                   strcmp(argv[2], "world") == 0 && argv[3] == 0
               ? 0
               : 1;
}
