// The whole C side of the ZooKeeper client: the multi-threaded C library (Debian libzookeeper-mt-dev).
#define THREADED
#include <zookeeper/zookeeper.h>

// ZOO_OPEN_ACL_UNSAFE is a mutable C global that Swift 6 refuses to touch; hand out its address instead.
static inline struct ACL_vector *tributary_open_acl(void) { return &ZOO_OPEN_ACL_UNSAFE; }
