package dev.clara.music.midi;

import dev.clara.music.ErrorCode;
import dev.clara.music.MidiFormatException;
import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;
import dev.clara.music.TempoChange;
import dev.clara.music.TempoMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a Standard MIDI File (format 0, 1 or 2) into a {@link Piece}. Thread-safe and stateless.
 *
 * <ul>
 *   <li>Time is counted in quarter notes, as Clara does: tempo changes do not move notes; they are kept in the
 *       piece's tempo map (the first one is the piece's tempo metadata) so durations in seconds stay right.
 *       SMPTE-timed files are converted at 120 BPM.</li>
 *   <li>Running status, note-on with velocity 0 as note-off, and repeated note-ons of one pitch on one channel
 *       (paired first in, first out) are handled. A note never switched off ends at its track's last event.</li>
 *   <li>Channel 10 (drums) is ignored.</li>
 *   <li>Piano reading ({@link #forPiano()}) makes every other note a piano note. Chamber reading
 *       ({@link #forChamber()}) maps each track and channel through {@link ChamberMapping}, raises solo notes to at
 *       least G3, and refuses a piece with a part of neither family.</li>
 * </ul>
 *
 * <p>The only exception thrown for bad bytes is {@link MidiFormatException}. The size limit is checked before any
 * parsing, and chunk lengths are validated against the bytes present ({@link MidiFileStructure}) before any event is
 * read, so a corrupt header cannot make the reader allocate by its claims.
 */
public final class MidiReader {

    /** 16 MiB: far above any score-derived file (the largest corpus file is under 1 MiB). */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;

    private final boolean chamber;
    private final long maxBytes;

    /** A piano reader with the default size limit. */
    public MidiReader() {
        this(false, DEFAULT_MAX_BYTES);
    }

    public MidiReader(boolean chamber, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.chamber = chamber;
        this.maxBytes = maxBytes;
    }

    /** Every non-drum note becomes a piano note. */
    public static MidiReader forPiano() {
        return new MidiReader(false, DEFAULT_MAX_BYTES);
    }

    /** Tracks map to piano or solo through {@link ChamberMapping}. */
    public static MidiReader forChamber() {
        return new MidiReader(true, DEFAULT_MAX_BYTES);
    }

    public MidiReader withMaxBytes(long newMaxBytes) {
        return new MidiReader(chamber, newMaxBytes);
    }

    public boolean chamber() {
        return chamber;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Reads a file; the title is the file's sequence name, or the file name without extension when it has none. */
    public Piece read(Path file) throws IOException, MidiFormatException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw tooLarge(size);
        }
        String stem = file.getFileName().toString().replaceFirst("\\.(?i:midi?|smf|kar)$", "");
        Piece piece = read(Files.readAllBytes(file));
        return piece.title().isEmpty() ? piece.withTitle(stem) : piece;
    }

    /** Reads bytes; the title is the file's sequence name (track 0's name), or empty. */
    public Piece read(byte[] smf) throws MidiFormatException {
        return read(smf, null);
    }

    /** Reads bytes under a given title ({@code null}: the file's sequence name, or empty). */
    public Piece read(byte[] smf, String title) throws MidiFormatException {
        if (smf == null) {
            throw new MidiFormatException(ErrorCode.NOT_MIDI, "no bytes");
        }
        if (smf.length > maxBytes) {
            throw tooLarge(smf.length);
        }
        try {
            return parse(smf, title);
        } catch (MidiFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defensive net: the parser is meant never to throw anything else, but corrupt input must never escape
            // as anything other than a MidiFormatException.
            throw new MidiFormatException(ErrorCode.NOT_MIDI, "unreadable MIDI data (" + e + ")", e);
        }
    }

    private MidiFormatException tooLarge(long size) {
        return new MidiFormatException(ErrorCode.TOO_LARGE, size + " bytes exceed the limit of " + maxBytes);
    }

    private Piece parse(byte[] smf, String title) throws MidiFormatException {
        MidiFileStructure structure = MidiFileStructure.scan(smf);
        int trackCount = structure.trackCount();
        TrackChunk[] tracks = new TrackChunk[trackCount];
        int totalNotes = 0;
        int drumNotes = 0;
        for (int t = 0; t < trackCount; t++) {
            tracks[t] = TrackChunk.parse(smf, structure.trackOffset(t), structure.trackLength(t), t);
            totalNotes += tracks[t].noteCount;
            drumNotes += tracks[t].drumNotes;
        }
        if (totalNotes == 0) {
            throw new MidiFormatException(ErrorCode.NO_NOTES, drumNotes > 0
                    ? "only drum notes (" + drumNotes + " on channel 10)" : "no note in " + trackCount + " tracks");
        }

        // Dividing (rather than multiplying by a reciprocal) gives the correctly rounded quotient, so a tick that
        // lies on a grid of k/n quarters reads back as exactly k / (double) n.
        double ticksPerQuarter = structure.isSmpte()
                ? structure.ticksPerSecond() * 60.0 / TempoMap.DEFAULT_BPM
                : structure.ticksPerQuarter();
        TempoMap tempoMap = structure.isSmpte() ? TempoMap.defaultTempo() : tempoMap(tracks, ticksPerQuarter);

        Note[] notes = new Note[totalNotes];
        int n = 0;
        List<String> unsupported = new ArrayList<>();
        for (TrackChunk track : tracks) {
            if (track.noteCount == 0) {
                continue;
            }
            Part[] partOfChannel = new Part[16];
            for (int channel = 0; channel < 16; channel++) {
                if ((track.channelsWithNotes & (1 << channel)) == 0) {
                    continue;
                }
                Part part = Part.PIANO;
                if (chamber) {
                    InstrumentFamily family = familyOf(track, channel, tracks);
                    if (family == InstrumentFamily.UNSUPPORTED) {
                        unsupported.add(describe(track, channel, tracks));
                        continue;
                    }
                    part = family == InstrumentFamily.SOLO ? Part.SOLO : Part.PIANO;
                }
                partOfChannel[channel] = part;
            }
            for (int i = 0; i < track.noteCount; i++) {
                Part part = partOfChannel[track.noteChannel[i]];
                if (part == null) {
                    continue;
                }
                int pitch = part == Part.SOLO ? ChamberMapping.raiseSolo(track.notePitch[i]) : track.notePitch[i];
                notes[n++] = new Note(pitch, track.noteStart[i] / ticksPerQuarter, track.noteEnd[i] / ticksPerQuarter,
                        track.noteVelocity[i], part);
            }
        }
        if (!unsupported.isEmpty()) {
            throw new MidiFormatException(ErrorCode.UNSUPPORTED_INSTRUMENTATION,
                    "parts fit neither keyboard nor solo: " + String.join(", ", unsupported));
        }
        String pieceTitle = title != null ? title : sequenceName(structure, tracks);
        return Piece.of(pieceTitle, Arrays.asList(notes).subList(0, n), tempoMap);
    }

    private static TempoMap tempoMap(TrackChunk[] tracks, double ticksPerQuarter) {
        int count = 0;
        for (TrackChunk track : tracks) {
            count += track.tempoCount;
        }
        if (count == 0) {
            return TempoMap.defaultTempo();
        }
        List<TempoChange> changes = new ArrayList<>(count);
        for (TrackChunk track : tracks) {
            for (int i = 0; i < track.tempoCount; i++) {
                changes.add(new TempoChange(track.tempoTick[i] / ticksPerQuarter, 60_000_000.0 / track.tempoMicros[i]));
            }
        }
        return TempoMap.of(changes);
    }

    private static InstrumentFamily familyOf(TrackChunk track, int channel, TrackChunk[] tracks) {
        int program = program(track, channel, tracks);
        // A track name speaks for the instrument only when the track plays one channel; in a format 0 file the one
        // track's name is the piece's title.
        if (Integer.bitCount(track.channelsWithNotes) == 1) {
            return ChamberMapping.classify(program, track.name, track.instrumentName);
        }
        return ChamberMapping.classify(program);
    }

    /** The channel's first program change in its own track, else in any track (conductor tracks hold some). */
    private static int program(TrackChunk track, int channel, TrackChunk[] tracks) {
        int program = track.firstProgram(channel);
        for (int t = 0; program < 0 && t < tracks.length; t++) {
            program = tracks[t].firstProgram(channel);
        }
        return program;
    }

    private static String describe(TrackChunk track, int channel, TrackChunk[] tracks) {
        int program = program(track, channel, tracks);
        return "track " + track.index + (track.name != null ? " '" + track.name + "'" : "")
                + " channel " + (channel + 1) + (program >= 0 ? " program " + program : " no program");
    }

    /** Track 0's name, when it names the sequence rather than an instrument (it does unless it holds the notes). */
    private static String sequenceName(MidiFileStructure structure, TrackChunk[] tracks) {
        if (tracks.length == 0 || tracks[0].name == null) {
            return "";
        }
        boolean conductorTrack = tracks[0].noteCount == 0;
        return conductorTrack || structure.format() == 0 || tracks.length == 1 ? tracks[0].name : "";
    }
}
