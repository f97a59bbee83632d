package dev.clara.trainer.service;

import dev.clara.service.CorpusPiece;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A run's training and validation pieces. Validation is the encoder's test split; a corpus too small to have any
 * test piece lends its last training pieces (by id, still whole pieces) so every epoch can be validated.
 */
public record CorpusSelection(List<CorpusPiece> training, List<CorpusPiece> validation, boolean borrowedValidation) {

    public static CorpusSelection of(List<CorpusPiece> pieces, int maxPieces) {
        List<CorpusPiece> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparing(CorpusPiece::pieceId));
        if (maxPieces > 0 && sorted.size() > maxPieces) {
            sorted = spread(sorted, maxPieces);
        }
        List<CorpusPiece> training = new ArrayList<>();
        List<CorpusPiece> validation = new ArrayList<>();
        for (CorpusPiece piece : sorted) {
            (piece.test() ? validation : training).add(piece);
        }
        if (validation.isEmpty() && training.size() >= 2) {
            int borrow = Math.max(1, training.size() / 10);
            validation.addAll(training.subList(training.size() - borrow, training.size()));
            training = new ArrayList<>(training.subList(0, training.size() - borrow));
            return new CorpusSelection(training, validation, true);
        }
        return new CorpusSelection(training, validation, false);
    }

    /** Every k-th piece rather than the first n, so a cap keeps the corpus's variety (composers sort together). */
    private static List<CorpusPiece> spread(List<CorpusPiece> sorted, int count) {
        List<CorpusPiece> chosen = new ArrayList<>(count);
        double stride = sorted.size() / (double) count;
        for (int i = 0; i < count; i++) {
            chosen.add(sorted.get((int) (i * stride)));
        }
        return chosen;
    }
}
