package dev.clara.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clara.proto.v1.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestModelTest {
    @TempDir
    Path store;

    @Test
    void onlyNewerVersionsAreLoadedAndTheOldOneServesWhileTheNewOneLoads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> closed = new ArrayList<>();
        LatestModel<String> latest = new LatestModel<>("generator", store, directory -> {
            if (directory.getFileName().toString().equals("v2")) {
                release.await(10, TimeUnit.SECONDS);
            }
            return "model " + directory.getFileName();
        }, closed::add);
        assertThat(latest.ready()).isTrue();

        latest.offer("v1", 100, store.resolve("v1"));
        awaitVersion(latest, "v1");
        latest.offer("v0", 50, store.resolve("v0"));
        latest.offer("v2", 200, store.resolve("v2"));
        try (HotSwapModel.Lease<String> lease = latest.lease().orElseThrow()) {
            assertThat(lease.model()).isEqualTo("model v1");
        }
        assertThat(latest.loading()).isTrue();
        release.countDown();
        awaitVersion(latest, "v2");
        assertThat(closed).containsExactly("model v1");
        latest.close();
    }

    @Test
    void aFailedLoadIsReportedAndKeepsServiceUnreadyUntilAModelLoads() throws Exception {
        LatestModel<String> latest = new LatestModel<>("critic", store, directory -> {
            throw new IllegalStateException("corrupt parameters");
        }, model -> { });
        latest.offer("v1", 1, store.resolve("v1"));
        for (int i = 0; i < 100 && latest.loading(); i++) {
            Thread.sleep(20);
        }
        assertThat(latest.lastError()).contains("v1: corrupt parameters");
        assertThat(latest.ready()).isFalse();
        latest.close();
    }

    @Test
    void anAnnouncedPathFromAnotherMachineFallsBackToTheLocalStore() throws Exception {
        LatestModel<String> latest = new LatestModel<>("generator", store, directory -> "x", model -> { });
        Files.createDirectories(store.resolve("here"));
        ModelVersion elsewhere = ModelVersion.newBuilder().setVersionId("v9").setArtifactUri("file:///nowhere/v9").build();
        ModelVersion local = ModelVersion.newBuilder().setVersionId("here")
                .setArtifactUri(store.resolve("here").toUri().toString()).build();
        assertThat(latest.directoryOf(elsewhere)).isEqualTo(store.resolve("v9"));
        assertThat(latest.directoryOf(local)).isEqualTo(store.resolve("here"));
        latest.close();
    }

    private static void awaitVersion(LatestModel<String> latest, String version) throws InterruptedException {
        for (int i = 0; i < 250 && !latest.version().filter(version::equals).isPresent(); i++) {
            Thread.sleep(20);
        }
        assertThat(latest.version()).contains(version);
    }
}
