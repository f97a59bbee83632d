package dev.clara.music.midi;

import dev.clara.music.ErrorCode;
import dev.clara.music.MidiFormatException;

import java.util.Arrays;

/**
 * The chunk layout of a Standard MIDI File, checked before any event is read: header fields and where each
 * {@code MTrk} chunk lies. Every declared length is compared with the bytes actually present, so a header claiming a
 * 2 GiB chunk is refused as {@link ErrorCode#TRUNCATED} without allocating anything.
 *
 * <p>Unknown chunk types are skipped, as the SMF specification asks. Bytes after the last declared track are ignored
 * (some writers pad files).
 */
public final class MidiFileStructure {

    private static final int HEADER_MAGIC = 0x4D546864; // "MThd"
    private static final int TRACK_MAGIC = 0x4D54726B;  // "MTrk"

    private final int format;
    private final int division;
    private final int[] trackOffsets;
    private final int[] trackLengths;

    private MidiFileStructure(int format, int division, int[] trackOffsets, int[] trackLengths) {
        this.format = format;
        this.division = division;
        this.trackOffsets = trackOffsets;
        this.trackLengths = trackLengths;
    }

    /** Checks the header and chunk lengths of {@code smf}; never reads past the array and never allocates by a claim. */
    public static MidiFileStructure scan(byte[] smf) throws MidiFormatException {
        if (smf.length < 4 || readInt(smf, 0) != HEADER_MAGIC) {
            throw new MidiFormatException(ErrorCode.NOT_MIDI, "no MThd header");
        }
        if (smf.length < 14) {
            throw new MidiFormatException(ErrorCode.TRUNCATED,
                    "file ends inside the MThd header (" + smf.length + " bytes)");
        }
        long headerLength = readInt(smf, 4) & 0xFFFFFFFFL;
        if (headerLength < 6) {
            throw new MidiFormatException(ErrorCode.NOT_MIDI, "MThd length " + headerLength + " is below 6");
        }
        if (8 + headerLength > smf.length) {
            throw new MidiFormatException(ErrorCode.TRUNCATED,
                    "MThd declares " + headerLength + " bytes, the file holds " + (smf.length - 8));
        }
        int format = readShort(smf, 8);
        int declaredTracks = readShort(smf, 10);
        int division = readShort(smf, 12);
        if (format > 2) {
            throw new MidiFormatException(ErrorCode.NOT_MIDI, "unknown SMF format " + format);
        }
        if (division == 0) {
            throw new MidiFormatException(ErrorCode.NOT_MIDI, "division of 0 ticks per quarter note");
        }
        if ((division & 0x8000) != 0) {
            int fps = -(byte) (division >> 8);
            if (fps != 24 && fps != 25 && fps != 29 && fps != 30 || (division & 0xFF) == 0) {
                throw new MidiFormatException(ErrorCode.NOT_MIDI, "invalid SMPTE division 0x" + Integer.toHexString(division));
            }
        }

        int[] offsets = new int[declaredTracks];
        int[] lengths = new int[declaredTracks];
        int found = 0;
        long position = 8 + headerLength;
        while (found < declaredTracks) {
            if (position + 8 > smf.length) {
                throw new MidiFormatException(ErrorCode.TRUNCATED,
                        "header declares " + declaredTracks + " tracks, the file ends after " + found);
            }
            int type = readInt(smf, (int) position);
            long length = readInt(smf, (int) position + 4) & 0xFFFFFFFFL;
            long dataStart = position + 8;
            if (dataStart + length > smf.length) {
                throw new MidiFormatException(ErrorCode.TRUNCATED, chunkName(type) + " chunk " + found
                        + " declares " + length + " bytes, only " + (smf.length - dataStart) + " remain");
            }
            if (type == TRACK_MAGIC) {
                offsets[found] = (int) dataStart;
                lengths[found] = (int) length;
                found++;
            } else if (!isPrintableChunkType(type)) {
                // An unknown chunk has a four-letter ASCII name; anything else means we are reading garbage.
                throw new MidiFormatException(ErrorCode.NOT_MIDI,
                        "expected a chunk header at byte " + position + " after " + found + " tracks");
            }
            position = dataStart + length;
        }
        return new MidiFileStructure(format, division, offsets, lengths);
    }

    /** 0 (one track), 1 (parallel tracks) or 2 (independent sequences, read here as parallel tracks). */
    public int format() {
        return format;
    }

    /** The raw division word: ticks per quarter note, or an SMPTE code when {@link #isSmpte()}. */
    public int division() {
        return division;
    }

    public boolean isSmpte() {
        return (division & 0x8000) != 0;
    }

    /** Ticks per quarter note for metrical files. */
    public int ticksPerQuarter() {
        if (isSmpte()) {
            throw new IllegalStateException("SMPTE-timed file has no ticks per quarter note");
        }
        return division;
    }

    /** Ticks per second for SMPTE-timed files (29 means 29.97 drop-frame). */
    public double ticksPerSecond() {
        int fps = -(byte) (division >> 8);
        double frames = fps == 29 ? 29.97 : fps;
        return frames * (division & 0xFF);
    }

    public int trackCount() {
        return trackOffsets.length;
    }

    public int trackOffset(int track) {
        return trackOffsets[track];
    }

    public int trackLength(int track) {
        return trackLengths[track];
    }

    @Override
    public String toString() {
        return "MidiFileStructure[format " + format + ", division " + division + ", tracks "
                + Arrays.toString(trackLengths) + "]";
    }

    private static boolean isPrintableChunkType(int type) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (type >>> shift) & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static String chunkName(int type) {
        if (!isPrintableChunkType(type)) {
            return "unnamed";
        }
        char[] name = {(char) (type >>> 24), (char) ((type >>> 16) & 0xFF), (char) ((type >>> 8) & 0xFF),
                (char) (type & 0xFF)};
        return new String(name);
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    static int readShort(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }
}
