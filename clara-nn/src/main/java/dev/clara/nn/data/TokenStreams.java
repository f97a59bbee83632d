package dev.clara.nn.data;

import java.util.Arrays;

/**
 * A corpus laid out as {@code batchSize} parallel streams of equal length: stream {@code b} is the
 * contiguous slice {@code [b·L, (b+1)·L)} of the concatenated corpus, so that the hidden state the
 * network carries from one window to the next belongs to the same stretch of music.
 */
public final class TokenStreams {

    private final int batchSize;
    private final int streamLength;
    private final int[] data;

    TokenStreams(int batchSize, int streamLength, int[] data) {
        if (data.length != batchSize * streamLength) {
            throw new IllegalArgumentException("data holds " + data.length + " ids, not " + batchSize + "×" + streamLength);
        }
        this.batchSize = batchSize;
        this.streamLength = streamLength;
        this.data = data;
    }

    public int batchSize() {
        return batchSize;
    }

    public int streamLength() {
        return streamLength;
    }

    /** A copy of one stream. */
    public int[] stream(int b) {
        return Arrays.copyOfRange(data, b * streamLength, (b + 1) * streamLength);
    }

    /** The window's input ids, row-major [batch, length]. */
    public long[] inputIds(TokenWindow window) {
        return slice(window, 0);
    }

    /** The window's target ids, the input shifted one step forward in time. */
    public long[] targetIds(TokenWindow window) {
        return slice(window, 1);
    }

    /** The number of (input, target) token pairs a window holds across all streams. */
    public long tokens(TokenWindow window) {
        return (long) batchSize * window.length();
    }

    private long[] slice(TokenWindow window, int offset) {
        if (window.start() + window.length() + 1 > streamLength) {
            throw new IllegalArgumentException(window + " runs past the end of streams of length " + streamLength);
        }
        long[] result = new long[batchSize * window.length()];
        for (int b = 0; b < batchSize; b++) {
            int from = b * streamLength + window.start() + offset;
            for (int t = 0; t < window.length(); t++) {
                result[b * window.length() + t] = data[from + t];
            }
        }
        return result;
    }
}
