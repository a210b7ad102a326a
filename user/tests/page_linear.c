// page_linear.c - Pintos's page-linear: 2 MB of heap filled with a known
// pattern, encrypted with ARC4 (every page must change), then decrypted
// with the same key (the pattern must come back).  Each pass walks the
// whole buffer in order, so under a smaller frame budget every page is
// evicted and read back between passes.
// swap: 16M
// boot: user_frames=256
#include "utest.h"
#include "workload.h"

#define SIZE (2 * WL_MB)
#define SEED 17u

/* ARC4 (RC4), as Pintos's tests/arc4.c: a 256-byte permutation and two
 * indices; the same key gives the same key stream. */
struct arc4 {
    unsigned char s[256];
    unsigned char i, j;
};

static void arc4_init(struct arc4 *a, const char *key, unsigned long len)
{
    unsigned char j = 0;
    for (int k = 0; k < 256; k++)
        a->s[k] = (unsigned char)k;
    for (int k = 0; k < 256; k++) {
        unsigned char t = a->s[k];
        j = (unsigned char)(j + t + (unsigned char)key[k % len]);
        a->s[k] = a->s[j];
        a->s[j] = t;
    }
    a->i = a->j = 0;
}

/* XOR buf[0..n) with the next n bytes of a's key stream. */
static void arc4_crypt(struct arc4 *a, unsigned char *buf, unsigned long n)
{
    unsigned char *s = a->s, i = a->i, j = a->j;
    for (unsigned long k = 0; k < n; k++) {
        unsigned char t;
        i++;
        j = (unsigned char)(j + s[i]);
        t = s[i], s[i] = s[j], s[j] = t;
        buf[k] ^= s[(unsigned char)(s[i] + s[j])];
    }
    a->i = i, a->j = j;
}

static void crypt_with_key(unsigned char *buf)
{
    static const char key[] = "selfmap page_linear";
    struct arc4 a;
    arc4_init(&a, key, sizeof(key) - 1);
    arc4_crypt(&a, buf, SIZE);
}

int main(void)
{
    unsigned char *buf = wl_heap(SIZE);
    int start = uptime();
    utest_name = "page_linear";
    CHECK(buf != 0);
    if (!buf)
        return utest_done();
    wl_fill(buf, SIZE, SEED);
    CHECK(wl_bad_pages(buf, SIZE, SEED) == 0);
    crypt_with_key(buf); /* encrypt: every page must change */
    CHECK(wl_bad_pages(buf, SIZE, SEED) == SIZE / WL_PAGE);
    crypt_with_key(buf); /* decrypt: the same key stream again */
    CHECK(wl_bad_pages(buf, SIZE, SEED) == 0);
    printf("page_linear: %lu KB encrypted and decrypted in %d ticks\n", SIZE / 1024,
           uptime() - start);
    return utest_done();
}
