package io.backtracedb.series;

/**
 * A chunk that {@link ChunkWriter#seal()} produced: its header and its encoded bytes, which the
 * record owns (callers must not modify them).
 *
 * @param header the chunk's series, time range and sample count
 * @param bytes the encoded chunk, CRC included
 */
public record SealedChunk(ChunkHeader header, byte[] bytes) {}
