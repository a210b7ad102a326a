// page_shuffle.c - Pintos's page-shuffle: 1 MB of heap shuffled 10
// times with a deterministic PRNG, its checksum printed and compared
// after every shuffle with the list the host computed from the same
// algorithm (user/tests/shuffle.h, tools/shuffle_sums.c).  Each shuffle
// touches pages at random, the worst case for a small frame budget.
// swap: 16M
// boot: user_frames=256 evict=fifo
#include "utest.h"
#include "workload.h"
#include "shuffle.h"
#include "shuffle_sums.h" /* generated: $(BUILD)/user/gen */

int main(void)
{
    unsigned char *buf = wl_heap(SHUFFLE_SIZE);
    unsigned state = SHUFFLE_SEED;
    int start = uptime();
    utest_name = "page_shuffle";
    CHECK(buf != 0);
    if (!buf)
        return utest_done();
    shuffle_init(buf, SHUFFLE_SIZE);
    for (int round = 0; round < SHUFFLE_ROUNDS; round++) {
        unsigned sum;
        shuffle_round(buf, SHUFFLE_SIZE, &state);
        sum = shuffle_checksum(buf, SHUFFLE_SIZE);
        printf("page_shuffle: round %d checksum 0x%08x (host 0x%08x)\n", round + 1, sum,
               shuffle_sums[round]);
        CHECK(sum == shuffle_sums[round]);
    }
    printf("page_shuffle: %d rounds of %lu KB in %d ticks\n", SHUFFLE_ROUNDS, SHUFFLE_SIZE / 1024,
           uptime() - start);
    return utest_done();
}
