// CRC-32C (Castagnoli), the checksum of Kafka record batches (magic 2).
#ifndef TRIBUTARY_CRC32C_H
#define TRIBUTARY_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/// Continues a CRC-32C over `length` bytes. Start with crc = 0; the result is final (already inverted),
/// so chunks can be fed one after another: crc32c_extend(crc32c_extend(0, a), b) == crc32c(a ++ b).
uint32_t tributary_crc32c_extend(uint32_t crc, const void *data, size_t length);

/// 1 when the SSE4.2 crc32 instruction is used, 0 when the table-driven fallback is.
int tributary_crc32c_is_hardware(void);

/// The portable slicing-by-8 version, exposed so tests can compare it with the hardware path.
uint32_t tributary_crc32c_extend_portable(uint32_t crc, const void *data, size_t length);
#endif
