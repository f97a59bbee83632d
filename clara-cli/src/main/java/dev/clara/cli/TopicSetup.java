package dev.clara.cli;

import java.nio.file.Path;
import java.util.List;

/** Creates Clara's topics on an external Kafka by running the broker module's TopicCreator (it owns the settings). */
final class TopicSetup {
    private TopicSetup() {
    }

    static void ensureTopics(ClaraHome home, String bootstrap) throws Exception {
        Path jar = home.kafkaJarDir().resolve("clara-kafka-0.1.0-SNAPSHOT.jar");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + ":" + home.kafkaJarDir().resolve("lib") + "/*",
                "dev.clara.kafka.TopicCreator", "--bootstrap", bootstrap);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("cannot prepare Kafka at " + bootstrap + ":\n" + output);
        }
    }
}
