/*
 * avl.c - recursive AVL insert and remove with an augmentation hook.
 * Recursion depth is the tree height: at most ~1.44 log2(n), about 30
 * for a million nodes, so the kernel stack is never at risk.
 */
#include "avl.h"

#include "utils.h"

static void fix(struct avl_node *n, avl_update_fn update)
{
    int hl = avl_height(n->left), hr = avl_height(n->right);
    n->height = 1 + (hl > hr ? hl : hr);
    if (update)
        update(n);
}

static struct avl_node *rotate_right(struct avl_node *n, avl_update_fn update)
{
    struct avl_node *l = n->left;
    n->left = l->right;
    l->right = n;
    fix(n, update);
    fix(l, update);
    return l;
}

static struct avl_node *rotate_left(struct avl_node *n, avl_update_fn update)
{
    struct avl_node *r = n->right;
    n->right = r->left;
    r->left = n;
    fix(n, update);
    fix(r, update);
    return r;
}

static struct avl_node *rebalance(struct avl_node *n, avl_update_fn update)
{
    int balance = avl_height(n->left) - avl_height(n->right);
    if (balance > 1) {
        if (avl_height(n->left->left) < avl_height(n->left->right))
            n->left = rotate_left(n->left, update);
        return rotate_right(n, update);
    }
    if (balance < -1) {
        if (avl_height(n->right->right) < avl_height(n->right->left))
            n->right = rotate_right(n->right, update);
        return rotate_left(n, update);
    }
    fix(n, update);
    return n;
}

struct avl_node *avl_insert(struct avl_node *root, struct avl_node *n, avl_update_fn update)
{
    if (!root) {
        n->left = n->right = NULL;
        fix(n, update);
        return n;
    }
    if (n->key == root->key)
        panic("avl_insert: key 0x%lx is already in the tree", n->key);
    if (n->key < root->key)
        root->left = avl_insert(root->left, n, update);
    else
        root->right = avl_insert(root->right, n, update);
    return rebalance(root, update);
}

/* Detach the least node of `root` into *min; returns the rest. */
static struct avl_node *remove_min(struct avl_node *root, struct avl_node **min,
                                   avl_update_fn update)
{
    if (!root->left) {
        *min = root;
        return root->right;
    }
    root->left = remove_min(root->left, min, update);
    return rebalance(root, update);
}

struct avl_node *avl_remove(struct avl_node *root, unsigned long key, avl_update_fn update)
{
    struct avl_node *min;
    if (!root)
        panic("avl_remove: key 0x%lx is not in the tree", key);
    if (key < root->key) {
        root->left = avl_remove(root->left, key, update);
    } else if (key > root->key) {
        root->right = avl_remove(root->right, key, update);
    } else {
        if (!root->right)
            return root->left;
        root->right = remove_min(root->right, &min, update);
        min->left = root->left;
        min->right = root->right;
        root = min;
    }
    return rebalance(root, update);
}

void avl_refresh(struct avl_node *root, unsigned long key, avl_update_fn update)
{
    if (!root)
        return;
    if (key < root->key)
        avl_refresh(root->left, key, update);
    else if (key > root->key)
        avl_refresh(root->right, key, update);
    fix(root, update);
}

struct avl_node *avl_ceil(struct avl_node *root, unsigned long key)
{
    struct avl_node *best = NULL;
    while (root) {
        if (root->key == key)
            return root;
        if (root->key > key)
            best = root, root = root->left;
        else
            root = root->right;
    }
    return best;
}

struct avl_node *avl_first(struct avl_node *root)
{
    while (root && root->left)
        root = root->left;
    return root;
}

unsigned long avl_count(const struct avl_node *root)
{
    return root ? 1 + avl_count(root->left) + avl_count(root->right) : 0;
}

/* Checks the subtree within (lo, hi) and returns its height. */
static int check(const struct avl_node *n, unsigned long lo, unsigned long hi, int bounded_lo)
{
    int hl, hr;
    if (!n)
        return 0;
    if ((bounded_lo && n->key <= lo) || n->key >= hi)
        panic("avl_check: key 0x%lx is out of order", n->key);
    hl = check(n->left, lo, n->key, bounded_lo);
    hr = check(n->right, n->key, hi, 1);
    if (n->height != 1 + (hl > hr ? hl : hr) || hl - hr > 1 || hr - hl > 1)
        panic("avl_check: node 0x%lx is unbalanced or has a stale height", n->key);
    return n->height;
}

void avl_check(const struct avl_node *root) { check(root, 0, ~0ul, 0); }
