// The compression libraries Kafka record batches use: gzip (zlib), snappy, lz4 (frame format), zstd.
// Debian: zlib1g-dev liblz4-dev libzstd-dev libsnappy-dev.
#include <zlib.h>
#include <lz4frame.h>
#include <lz4.h>
#include <zstd.h>
#include <snappy-c.h>
