// The compression libraries Kafka record batches use: gzip (zlib), snappy, lz4 (frame format), zstd.
// Debian: zlib1g-dev liblz4-dev libzstd-dev libsnappy-dev.
#include <zlib.h>
#include <lz4frame.h>
#include <lz4.h>
#include <zstd.h>
#include <snappy-c.h>

// zlib's init functions are macros that pass the library version and struct size; Swift cannot call macros.
// windowBits 15 + 16 writes a gzip wrapper (RFC 1952), as Kafka's GZIPOutputStream does;
// 15 + 32 reads either a gzip or a zlib wrapper.
static inline int tributary_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

static inline int tributary_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
