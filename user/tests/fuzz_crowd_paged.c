// fuzz_crowd_paged.c - the fuzzer's crowd mode (crowd.h) with the pager
// on: 100,000 hostile calls on a swap disk and a budget of 96 user
// frames, less than the crowd touches, so its pages are evicted and read
// back all the time (fewer calls than fuzz_crowd: the disk is slow).
// swap: 8M
// boot: user_frames=96 seed=20261208 calls=100000
#include "crowd.h"

int main(int argc, char **argv)
{
    utest_name = "fuzz_crowd_paged";
    return crowd_main(argc, argv, 200000);
}
