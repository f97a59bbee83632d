package dev.clara.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.clara.nn.data.TokenStreamBatcher;
import dev.clara.nn.data.TokenStreams;
import dev.clara.nn.data.TokenWindow;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.model.LanguageModelOutput;
import dev.clara.nn.model.RecurrentState;
import java.util.List;
import java.util.Random;

/**
 * Scores a language model on held-out pieces: the pieces are laid out as for training (without
 * shuffling, transposition or jitter) and read with the state carried across windows, in
 * evaluation mode, so the numbers are deterministic.
 */
public final class LanguageModelEvaluator {

    private final int batchSize;
    private final int bptt;

    /**
     * @param batchSize the most streams to use; fewer when the pieces are short, so that each stream keeps some context
     * @param bptt the window length
     */
    public LanguageModelEvaluator(int batchSize, int bptt) {
        this.batchSize = batchSize;
        this.bptt = bptt;
    }

    /**
     * Computes per-token negative log-likelihood, perplexity and next-token accuracy.
     *
     * @param manager owns the temporaries; on the model's device
     */
    public ValidationMetrics evaluate(AwdLstmLanguageModel model, NDManager manager, List<int[]> pieces) {
        long total = pieces.stream().mapToLong(piece -> piece.length + 1L).sum();
        int streams = (int) Math.max(1, Math.min(batchSize, total / (bptt + 1L)));
        TokenStreamBatcher batcher = TokenStreamBatcher.builder().setBatchSize(streams).setBptt(bptt).build();
        TokenStreams layout = batcher.arrange(pieces);
        double negativeLogLikelihood = 0;
        long correct = 0;
        long tokens = 0;
        try (NDManager scope = manager.newSubManager()) {
            RecurrentState state = model.zeroState(scope, streams);
            for (TokenWindow window : batcher.windows(layout.streamLength(), new Random(0))) {
                try (NDManager step = scope.newSubManager()) {
                    Shape shape = new Shape(streams, window.length());
                    NDArray ids = step.create(layout.inputIds(window), shape);
                    NDArray targets = step.create(layout.targetIds(window), shape);
                    LanguageModelOutput output = model.forward(new ParameterStore(step, false), ids, state, false);
                    negativeLogLikelihood += LanguageModelLoss.tokenNegativeLogLikelihood(output.logits(), targets)
                            .sum().getFloat();
                    correct += output.logits().argMax(2).eq(targets).sum().getLong();
                    tokens += layout.tokens(window);
                    RecurrentState next = output.state().detach(scope);
                    state.close();
                    state = next;
                }
            }
        }
        return ValidationMetrics.of(negativeLogLikelihood, correct, tokens);
    }
}
