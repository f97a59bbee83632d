package dev.clara.nn.data;

/**
 * One step of truncated back-propagation through time: columns {@code start .. start+length-1}
 * of every stream are the input, the same columns shifted by one the target.
 *
 * @param index the window's position in the epoch, from 0
 * @param start the first input column
 * @param length the number of time steps
 */
public record TokenWindow(int index, int start, int length) {

    public TokenWindow {
        if (index < 0 || start < 0 || length < 1) {
            throw new IllegalArgumentException("bad window: index " + index + ", start " + start + ", length " + length);
        }
    }
}
