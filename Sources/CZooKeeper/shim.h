// The whole C side of the ZooKeeper client: the multi-threaded C library (Debian libzookeeper-mt-dev).
#define THREADED
#include <zookeeper/zookeeper.h>

// ZOO_OPEN_ACL_UNSAFE is a mutable C global that Swift 6 refuses to touch; hand out its address instead.
static inline struct ACL_vector *tributary_open_acl(void) { return &ZOO_OPEN_ACL_UNSAFE; }

// The ACLs of a secured cluster (Kafka's `zookeeper.set.acl=true`): every permission to the identities the
// creating session authenticated as (ZooKeeper's `auth` scheme), plus read to everyone unless the znode holds
// secrets. Static and never written, so sharing them between threads is safe.
static inline struct ACL_vector *tributary_secure_acl(int worldReadable) {
    static struct ACL creatorAllWorldRead[2] = {{0x1f /* ZOO_PERM_ALL */, {"auth", ""}},
                                                {0x01 /* ZOO_PERM_READ */, {"world", "anyone"}}};
    static struct ACL_vector readable = {2, creatorAllWorldRead};
    static struct ACL_vector unreadable = {1, creatorAllWorldRead};
    return worldReadable ? &readable : &unreadable;
}
