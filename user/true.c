/* true.c - exits 0 at once: the smallest program, for exec and fork
 * tests and for make bench's fork+exit+wait figure. */
#include "user.h"

int main(void) { return 0; }
