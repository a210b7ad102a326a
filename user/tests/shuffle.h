/*
 * shuffle.h - page_shuffle's algorithm, one copy for both sides: the
 * user program (user/tests/page_shuffle.c) runs it in selfmap, and the
 * host program tools/shuffle_sums.c runs the same code on the host to
 * write the checksum after every round into a generated header
 * ($(BUILD)/user/gen/shuffle_sums.h) that the user program compares
 * against.  So the expected values are computed, never typed in, and a
 * page the kernel loses or swaps back wrong changes a checksum.
 *
 * Plain C with no library: it compiles freestanding (user mode) and
 * hosted alike.  The PRNG is xorshift32 (Marsaglia), the shuffle
 * Fisher-Yates, the checksum FNV-1a (32 bits), which depends on the
 * order of the bytes, not just their sum.
 */
#ifndef SELFMAP_SHUFFLE_H
#define SELFMAP_SHUFFLE_H

#define SHUFFLE_SIZE   (1024ul * 1024ul) /* 1 MB, as Pintos's page-shuffle */
#define SHUFFLE_ROUNDS 10
#define SHUFFLE_SEED   0x2545f491u /* any nonzero value */

/* The next number of the xorshift32 sequence in *state (nonzero). */
static inline unsigned shuffle_next(unsigned *state)
{
    unsigned x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* The starting contents: byte i is i mod 256. */
static inline void shuffle_init(unsigned char *buf, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        buf[i] = (unsigned char)i;
}

/* One Fisher-Yates shuffle of buf[0..n), drawing from *state. */
static inline void shuffle_round(unsigned char *buf, unsigned long n, unsigned *state)
{
    for (unsigned long i = n - 1; i > 0; i--) {
        unsigned long j = shuffle_next(state) % (i + 1);
        unsigned char t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
    }
}

/* FNV-1a over buf[0..n). */
static inline unsigned shuffle_checksum(const unsigned char *buf, unsigned long n)
{
    unsigned h = 2166136261u;
    for (unsigned long i = 0; i < n; i++)
        h = (h ^ buf[i]) * 16777619u;
    return h;
}

#endif
