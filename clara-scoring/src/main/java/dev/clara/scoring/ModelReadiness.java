package dev.clara.scoring;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the newest classifier is loaded, or none has been trained yet (Kafka's readiness is checked beside it). */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {
    private final ScoringModels models;

    public ModelReadiness(ScoringModels models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(models.kindName() + "-model").status(models.ready())
                .withData("version", models.version().orElse("none")).build();
    }
}
