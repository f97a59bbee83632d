package dev.clara.music.metrics;

import dev.clara.music.Piece;

/**
 * The {@link MusicStatistics} of one piece, computed together. Undefined values (a piece without notes) are NaN.
 *
 * @param pitchRange        semitones between the lowest and highest pitch
 * @param nPitchClassesUsed distinct pitch classes, 0..12
 * @param polyphony         mean number of pitches sounding while any sounds
 * @param pitchClassEntropy entropy of the pitch-class histogram, bits
 * @param scaleConsistency  largest fraction of notes in one major or minor scale
 * @param emptyBeatRate     fraction of quarter-note beats with no sounding note
 */
public record MusicStats(double pitchRange, int nPitchClassesUsed, double polyphony, double pitchClassEntropy,
                         double scaleConsistency, double emptyBeatRate) {

    public static MusicStats of(Piece piece) {
        return new MusicStats(
                MusicStatistics.pitchRange(piece),
                MusicStatistics.nPitchClassesUsed(piece),
                MusicStatistics.polyphony(piece),
                MusicStatistics.pitchClassEntropy(piece),
                MusicStatistics.scaleConsistency(piece),
                MusicStatistics.emptyBeatRate(piece));
    }
}
