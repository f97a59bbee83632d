package dev.clara.trainer.service;

import dev.clara.proto.v1.RunState;
import dev.clara.proto.v1.TrainProgress;
import dev.clara.trainer.messaging.ProgressPublisher;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest state of every run this trainer has seen, and the streams that watch them: each state change goes to
 * clara.train.progress and to every gRPC watcher of the run, which gets the latest state first and ends with the run.
 */
@ApplicationScoped
public class RunRegistry {
    private static final int REMEMBERED_RUNS = 1000;

    private final ProgressPublisher publisher;
    private final Map<String, TrainProgress> latest = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrainProgress> eldest) {
            return size() > REMEMBERED_RUNS && isFinal(eldest.getValue().getState());
        }
    };
    private final Map<String, List<MultiEmitter<? super TrainProgress>>> watchers = new HashMap<>();

    public RunRegistry(ProgressPublisher publisher) {
        this.publisher = publisher;
    }

    public static boolean isFinal(RunState state) {
        return state == RunState.RUN_STATE_SUCCEEDED || state == RunState.RUN_STATE_FAILED
                || state == RunState.RUN_STATE_REFUSED || state == RunState.RUN_STATE_CANCELLED;
    }

    public void update(TrainProgress progress) {
        TrainProgress stamped = progress.toBuilder().setAtMs(System.currentTimeMillis()).build();
        List<MultiEmitter<? super TrainProgress>> toNotify;
        synchronized (this) {
            latest.put(stamped.getRunId(), stamped);
            toNotify = new ArrayList<>(watchers.getOrDefault(stamped.getRunId(), List.of()));
            if (isFinal(stamped.getState())) {
                watchers.remove(stamped.getRunId());
            }
        }
        publisher.publish(stamped);
        for (MultiEmitter<? super TrainProgress> emitter : toNotify) {
            emitter.emit(stamped);
            if (isFinal(stamped.getState())) {
                emitter.complete();
            }
        }
    }

    public synchronized Optional<TrainProgress> latest(String runId) {
        return Optional.ofNullable(latest.get(runId));
    }

    /** The run's states from its latest on, ending when the run ends; empty when the run is unknown. */
    public Optional<Multi<TrainProgress>> watch(String runId) {
        if (latest(runId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Multi.createFrom().emitter(emitter -> {
            TrainProgress current;
            synchronized (this) {
                current = latest.get(runId);
                if (!isFinal(current.getState())) {
                    watchers.computeIfAbsent(runId, id -> new ArrayList<>()).add(emitter);
                    emitter.onTermination(() -> removeWatcher(runId, emitter));
                }
            }
            emitter.emit(current);
            if (isFinal(current.getState())) {
                emitter.complete();
            }
        }));
    }

    private synchronized void removeWatcher(String runId, MultiEmitter<? super TrainProgress> emitter) {
        List<MultiEmitter<? super TrainProgress>> list = watchers.get(runId);
        if (list != null) {
            list.remove(emitter);
        }
    }
}
