package dev.clara.nn.train;

/**
 * How well the model predicts the held-out pieces, token by token.
 *
 * @param loss mean negative log-likelihood per token (nats)
 * @param perplexity {@code exp(loss)}
 * @param accuracy share of positions where the most likely next token is the true one
 * @param tokens how many positions were scored
 */
public record ValidationMetrics(double loss, double perplexity, double accuracy, long tokens) {

    public static ValidationMetrics of(double totalNegativeLogLikelihood, long correct, long tokens) {
        if (tokens <= 0) {
            throw new IllegalArgumentException("validation scored no token");
        }
        double loss = totalNegativeLogLikelihood / tokens;
        return new ValidationMetrics(loss, Math.exp(loss), (double) correct / tokens, tokens);
    }
}
