package dev.clara.music.midi;

import dev.clara.music.ErrorCode;
import dev.clara.music.MidiFormatException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The events of one {@code MTrk} chunk that Clara uses, parsed by hand: notes paired first-in first-out per channel
 * and pitch, program changes, tempo changes and the track and instrument names. Everything else (controllers,
 * pitch bend, sysex, other meta events) is skipped.
 *
 * <p>Hand-written rather than {@code javax.sound.midi} because the corpus encoder reads thousands of files per epoch
 * and javax builds an object per event; this parser touches each byte once and allocates a few int arrays. It is
 * lenient where real files are sloppy (running status survives meta and sysex events; a missing end-of-track is
 * accepted; high bits in data bytes are masked) and strict where a byte cannot be given a meaning.
 */
final class TrackChunk {

    static final int DRUM_CHANNEL = 9;
    private static final long MAX_TICK = 1L << 31;

    final int index;
    String name;
    String instrumentName;

    int noteCount;
    int[] noteChannel;
    int[] notePitch;
    int[] noteVelocity;
    int[] noteStart;
    int[] noteEnd;
    int drumNotes;
    int channelsWithNotes; // bit c set when channel c has a pitched note

    int programCount;
    int[] programTick = new int[4];
    int[] programChannel = new int[4];
    int[] programValue = new int[4];

    int tempoCount;
    int[] tempoTick = new int[2];
    int[] tempoMicros = new int[2];

    int lastTick;

    private TrackChunk(int index, int capacity) {
        this.index = index;
        noteChannel = new int[capacity];
        notePitch = new int[capacity];
        noteVelocity = new int[capacity];
        noteStart = new int[capacity];
        noteEnd = new int[capacity];
    }

    /**
     * Parses the event bytes {@code smf[offset, offset + length)} of track {@code index}.
     *
     * @throws MidiFormatException TRUNCATED when an event runs past the chunk, TICK_OVERFLOW for ticks at or beyond
     *                             2^31 or a delta-time longer than four bytes, NOT_MIDI for bytes with no meaning
     */
    static TrackChunk parse(byte[] smf, int offset, int length, int index) throws MidiFormatException {
        // A note switched off costs at least 6 bytes (3 for the on, 3 for the off with running status), so
        // length / 6 holds every note of a well-formed track without growing.
        TrackChunk track = new TrackChunk(index, Math.max(16, length / 6));
        track.read(smf, offset, offset + length);
        return track;
    }

    private void read(byte[] b, int pos, int limit) throws MidiFormatException {
        // FIFO of open notes per channel * 128 + pitch, threaded through note indices.
        int[] openHead = new int[16 * 128];
        int[] openTail = new int[16 * 128];
        Arrays.fill(openHead, -1);
        int[] nextOpen = new int[noteStart.length];

        long tick = 0;
        int status = 0;
        events:
        while (pos < limit) {
            // Delta-time: a variable-length quantity of at most four bytes.
            int delta = 0;
            int count = 0;
            int c;
            do {
                if (pos >= limit) {
                    throw truncated("inside a delta-time");
                }
                if (count == 4) {
                    throw new MidiFormatException(ErrorCode.TICK_OVERFLOW,
                            "track " + index + ": delta-time longer than four bytes at byte " + pos);
                }
                c = b[pos++] & 0xFF;
                delta = (delta << 7) | (c & 0x7F);
                count++;
            } while ((c & 0x80) != 0);
            tick += delta;
            if (tick >= MAX_TICK) {
                throw new MidiFormatException(ErrorCode.TICK_OVERFLOW,
                        "track " + index + ": event at tick " + tick + " (limit 2^31)");
            }

            if (pos >= limit) {
                throw truncated("after a delta-time");
            }
            int first = b[pos] & 0xFF;
            if (first >= 0x80) {
                pos++;
                if (first < 0xF0) {
                    status = first;
                } else if (first == 0xFF) {
                    if (pos >= limit) {
                        throw truncated("inside a meta event");
                    }
                    int type = b[pos++] & 0xFF;
                    long len = 0;
                    int lenBytes = 0;
                    do {
                        if (pos >= limit) {
                            throw truncated("inside a meta event length");
                        }
                        if (lenBytes == 4) {
                            throw new MidiFormatException(ErrorCode.NOT_MIDI,
                                    "track " + index + ": meta event length longer than four bytes");
                        }
                        c = b[pos++] & 0xFF;
                        len = (len << 7) | (c & 0x7F);
                        lenBytes++;
                    } while ((c & 0x80) != 0);
                    if (pos + len > limit) {
                        throw truncated("inside a meta event of " + len + " bytes");
                    }
                    int dataLength = (int) len;
                    if (type == 0x2F) {
                        lastTick = (int) tick;
                        break events; // end of track: whatever follows inside the chunk is padding
                    } else if (type == 0x51 && dataLength >= 3) {
                        int micros = (b[pos] & 0xFF) << 16 | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF);
                        if (micros > 0) {
                            addTempo((int) tick, micros);
                        }
                    } else if (type == 0x03 && name == null) {
                        name = text(b, pos, dataLength);
                    } else if (type == 0x04 && instrumentName == null) {
                        instrumentName = text(b, pos, dataLength);
                    }
                    pos += dataLength;
                    lastTick = (int) tick;
                    continue;
                } else if (first == 0xF0 || first == 0xF7) {
                    long len = 0;
                    int lenBytes = 0;
                    do {
                        if (pos >= limit) {
                            throw truncated("inside a sysex length");
                        }
                        if (lenBytes == 4) {
                            throw new MidiFormatException(ErrorCode.NOT_MIDI,
                                    "track " + index + ": sysex length longer than four bytes");
                        }
                        c = b[pos++] & 0xFF;
                        len = (len << 7) | (c & 0x7F);
                        lenBytes++;
                    } while ((c & 0x80) != 0);
                    if (pos + len > limit) {
                        throw truncated("inside a sysex event of " + len + " bytes");
                    }
                    pos += (int) len;
                    lastTick = (int) tick;
                    continue;
                } else {
                    throw new MidiFormatException(ErrorCode.NOT_MIDI, "track " + index
                            + ": system message 0x" + Integer.toHexString(first) + " is not allowed in a MIDI file");
                }
            } else if (status == 0) {
                throw new MidiFormatException(ErrorCode.NOT_MIDI,
                        "track " + index + ": data byte at byte " + pos + " without a running status");
            }

            int kind = status & 0xF0;
            int channel = status & 0x0F;
            int dataBytes = kind == 0xC0 || kind == 0xD0 ? 1 : 2;
            if (pos + dataBytes > limit) {
                throw truncated("inside a channel message");
            }
            int data1 = b[pos] & 0x7F;
            int data2 = dataBytes == 2 ? b[pos + 1] & 0x7F : 0;
            pos += dataBytes;
            lastTick = (int) tick;

            if (kind == 0x90 && data2 > 0) {
                if (channel == DRUM_CHANNEL) {
                    drumNotes++;
                    continue;
                }
                if (noteCount == noteStart.length) {
                    grow();
                    nextOpen = Arrays.copyOf(nextOpen, noteStart.length);
                }
                int n = noteCount++;
                noteChannel[n] = channel;
                notePitch[n] = data1;
                noteVelocity[n] = data2;
                noteStart[n] = (int) tick;
                noteEnd[n] = -1;
                nextOpen[n] = -1;
                int key = channel << 7 | data1;
                if (openHead[key] < 0) {
                    openHead[key] = n;
                } else {
                    nextOpen[openTail[key]] = n;
                }
                openTail[key] = n;
                channelsWithNotes |= 1 << channel;
            } else if (kind == 0x80 || kind == 0x90) {
                int key = channel << 7 | data1;
                int n = openHead[key];
                if (n >= 0) { // a note-off without an open note is ignored
                    noteEnd[n] = (int) tick;
                    openHead[key] = nextOpen[n];
                }
            } else if (kind == 0xC0) {
                addProgram((int) tick, channel, data1);
            }
        }
        // Also reached when the chunk ends without an end-of-track event, which is accepted.
        closeOpenNotes();
    }

    /** Notes never switched off end at the track's last event (zero length when nothing follows them). */
    private void closeOpenNotes() {
        for (int n = 0; n < noteCount; n++) {
            if (noteEnd[n] < 0) {
                noteEnd[n] = Math.max(noteStart[n], lastTick);
            }
        }
    }

    private void grow() {
        int capacity = noteStart.length * 2;
        noteChannel = Arrays.copyOf(noteChannel, capacity);
        notePitch = Arrays.copyOf(notePitch, capacity);
        noteVelocity = Arrays.copyOf(noteVelocity, capacity);
        noteStart = Arrays.copyOf(noteStart, capacity);
        noteEnd = Arrays.copyOf(noteEnd, capacity);
    }

    private void addProgram(int tick, int channel, int program) {
        if (programCount == programTick.length) {
            programTick = Arrays.copyOf(programTick, programCount * 2);
            programChannel = Arrays.copyOf(programChannel, programCount * 2);
            programValue = Arrays.copyOf(programValue, programCount * 2);
        }
        programTick[programCount] = tick;
        programChannel[programCount] = channel;
        programValue[programCount] = program;
        programCount++;
    }

    private void addTempo(int tick, int micros) {
        if (tempoCount == tempoTick.length) {
            tempoTick = Arrays.copyOf(tempoTick, tempoCount * 2);
            tempoMicros = Arrays.copyOf(tempoMicros, tempoCount * 2);
        }
        tempoTick[tempoCount] = tick;
        tempoMicros[tempoCount] = micros;
        tempoCount++;
    }

    /** The first program change on {@code channel} in this track, or -1. */
    int firstProgram(int channel) {
        for (int i = 0; i < programCount; i++) {
            if (programChannel[i] == channel) {
                return programValue[i];
            }
        }
        return -1;
    }

    private MidiFormatException truncated(String where) {
        return new MidiFormatException(ErrorCode.TRUNCATED, "track " + index + ": chunk ends " + where);
    }

    private static String text(byte[] b, int at, int length) {
        // Names are mostly ASCII; UTF-8 decoding replaces malformed bytes instead of failing.
        return new String(b, at, length, StandardCharsets.UTF_8).trim();
    }
}
