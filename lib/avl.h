/*
 * avl.h - an intrusive AVL tree keyed by unsigned long.
 *
 * Why a tree: the VM pools keep their regions in one (so finding the
 * region for an address is O(log n)), and each page table keeps its
 * registered pools in another (so finding the pool for a fault stays
 * cheap with many pools).  One implementation serves both.
 *
 * Intrusive: embed a struct avl_node in your record and get back to the
 * record with container_of().  The tree never allocates.  An optional
 * `update` callback recomputes a node's augmented data from its children
 * (the VM pool keeps "largest free extent below here" that way); it runs
 * bottom-up on every node whose subtree changed.
 */
#ifndef SELFMAP_AVL_H
#define SELFMAP_AVL_H

#include <stddef.h>

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

struct avl_node {
    struct avl_node *left, *right;
    unsigned long key;
    int height;
};

typedef void (*avl_update_fn)(struct avl_node *n);

/* Insert n (n->key set, unique in the tree).  Returns the new root. */
struct avl_node *avl_insert(struct avl_node *root, struct avl_node *n, avl_update_fn update);
/* Unlink the node with `key`, which must be present.  Returns the new root. */
struct avl_node *avl_remove(struct avl_node *root, unsigned long key, avl_update_fn update);
/* Re-run `update` on the path to `key` after a node's data changed. */
void avl_refresh(struct avl_node *root, unsigned long key, avl_update_fn update);
/* The node with the greatest key <= key, or NULL.  Inline: the fault
 * path runs it twice (pool, then region). */
static inline struct avl_node *avl_floor(struct avl_node *root, unsigned long key)
{
    struct avl_node *best = NULL;
    while (root) {
        if (root->key == key)
            return root;
        if (root->key < key)
            best = root, root = root->right;
        else
            root = root->left;
    }
    return best;
}
/* The node with the least key >= key, or NULL. */
struct avl_node *avl_ceil(struct avl_node *root, unsigned long key);
/* The node with the least key, or NULL for an empty tree. */
struct avl_node *avl_first(struct avl_node *root);
/* The number of nodes (O(n); for checks and dumps). */
unsigned long avl_count(const struct avl_node *root);
/* Panic unless heights, balance and key order hold everywhere. */
void avl_check(const struct avl_node *root);

static inline int avl_height(const struct avl_node *n) { return n ? n->height : 0; }

#endif
