package dev.clara.music.midi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Raw Standard MIDI File bytes for tests, written byte by byte so that tests control exactly what a file contains:
 * running status, velocity-0 note-offs, corrupt lengths and truncation.
 */
final class SmfBytes {

    private SmfBytes() {
    }

    static byte[] file(int format, int division, byte[]... tracks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(format, tracks.length, division));
        for (byte[] track : tracks) {
            out.writeBytes(chunk("MTrk", track));
        }
        return out.toByteArray();
    }

    static byte[] header(int format, int trackCount, int division) {
        return new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, (byte) (format >> 8), (byte) format,
                (byte) (trackCount >> 8), (byte) trackCount, (byte) (division >> 8), (byte) division};
    }

    static byte[] chunk(String type, byte[] data) {
        return chunk(type, data.length, data);
    }

    /** A chunk whose header may lie about its length. */
    static byte[] chunk(String type, long declaredLength, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
        out.write((int) (declaredLength >>> 24));
        out.write((int) (declaredLength >>> 16));
        out.write((int) (declaredLength >>> 8));
        out.write((int) declaredLength);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The event bytes of one track. */
    static final class Track {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Track delta(long ticks) {
            // Variable-length quantity, most significant group first.
            int groups = 1;
            while (groups < 5 && (ticks >>> (7 * groups)) != 0) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int bits = (int) ((ticks >>> (7 * g)) & 0x7F);
                out.write(g > 0 ? bits | 0x80 : bits);
            }
            return this;
        }

        Track raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Track noteOn(long delta, int channel, int pitch, int velocity) {
            return delta(delta).raw(0x90 | channel, pitch, velocity);
        }

        Track noteOff(long delta, int channel, int pitch) {
            return delta(delta).raw(0x80 | channel, pitch, 64);
        }

        /** An event without status byte: it reuses the previous one. */
        Track running(long delta, int data1, int data2) {
            return delta(delta).raw(data1, data2);
        }

        Track program(long delta, int channel, int program) {
            return delta(delta).raw(0xC0 | channel, program);
        }

        Track tempo(long delta, double bpm) {
            int micros = (int) Math.round(60_000_000 / bpm);
            return delta(delta).raw(0xFF, 0x51, 3, micros >> 16 & 0xFF, micros >> 8 & 0xFF, micros & 0xFF);
        }

        Track name(long delta, String name) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            delta(delta).raw(0xFF, 0x03, bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        Track endOfTrack() {
            return delta(0).raw(0xFF, 0x2F, 0);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
