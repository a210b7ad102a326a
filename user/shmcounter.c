/* shmcounter.c - the xv6 seed's shared-memory program (with shorter
 * sleeps): the parent opens segment 25 and sets a counter to 10; ten
 * children each sleep, open the same segment, add one, print the new
 * value and exit.  The children sleep 1, 2, ... 10 ticks apart, so they
 * print 11 ... 20 in order, and the parent ends at 20.
 * `make run PROG=shmcounter` shows it. */
#include "user.h"

#define SEGMENT  25
#define CHILDREN 10
#define START    10

int main(void)
{
    int end, *counter = (int *)openshmem(SEGMENT);
    if (!counter) {
        printf("shmcounter: openshmem failed\n");
        return 1;
    }
    *counter = START;
    printf("shmcounter: parent starts the counter at %d\n", *counter);
    for (int i = 0; i < CHILDREN; i++) {
        if (fork() == 0) {
            int *c;
            sleep(5 * (i + 1));
            c = (int *)openshmem(SEGMENT);
            *c += 1;
            printf("shmcounter: child %d counts %d\n", getpid(), *c);
            closeshmem(SEGMENT);
            exit(0);
        }
    }
    for (int i = 0; i < CHILDREN; i++)
        wait(0);
    end = *counter;
    printf("shmcounter: parent ends at %d\n", end);
    closeshmem(SEGMENT);
    return end == START + CHILDREN ? 0 : 1;
}
