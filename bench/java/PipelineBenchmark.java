import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.CorpusPrompt;
import dev.clara.proto.v1.GenerateRequest;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SampleScore;
import dev.clara.proto.v1.SamplingSettings;
import dev.clara.proto.v1.Split;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Clara's pipeline latency and throughput, measured as an ordinary Kafka client (bench/, not part of the build).
 *
 * <p>Produces {@code GenerateRequest}s (canonical proto JSON, key = request id) on clara.generate.requests with at
 * most {@code --in-flight} requests outstanding, and follows clara.samples, clara.scores and clara.ranked (no consumer
 * group, read_committed, positioned at the end before the first request) until each request's {@code RankedResult}
 * arrives. Per request it records:
 * <ul>
 *   <li>sent: the request record's timestamp (set here, at send);</li>
 *   <li>generation: the last sample record's timestamp (CreateTime, the generator's producer) − sent;</li>
 *   <li>scoring: the last score record's timestamp (critic / composer producers) − the last sample's;</li>
 *   <li>ranking: the ranked result's arrival here − the last score's (the ranker's work, its exactly-once commit
 *       interval of 200 ms and the delivery to a read_committed consumer); {@code ranked_at_ms} is recorded too;</li>
 *   <li>latency: the ranked result's arrival here − sent.</li>
 * </ul>
 * One machine, one clock. Prints one JSON line per request and a summary JSON line; exits 1 if a request does not
 * finish in time.
 *
 * <pre>
 * java -cp clara-cli/target/clara-cli.jar:CLASSES PipelineBenchmark --bootstrap localhost:9092 --label NAME
 *     [--requests 20] [--in-flight 1] [--warmup 2] [--count 4] [--length 500] [--timeout-s 300]
 *     [--metrics http://localhost:8103,http://localhost:8113] [--out FILE]
 * </pre>
 */
public final class PipelineBenchmark {

    static final String REQUESTS = "clara.generate.requests";
    static final String SAMPLES = "clara.samples";
    static final String SCORES = "clara.scores";
    static final String RANKED = "clara.ranked";

    static final class Tracked {
        final String id;
        final boolean warmup;
        long sentMs;
        int samples;
        long lastSampleTs;
        int scores;
        long lastScoreTs;
        long rankedRecordTs;
        long rankedAtMs;
        long receivedMs;
        boolean complete;
        List<String> missing = List.of();
        boolean done;

        Tracked(String id, boolean warmup) {
            this.id = id;
            this.warmup = warmup;
        }

        long latency() { return receivedMs - sentMs; }
        long generation() { return lastSampleTs - sentMs; }
        long scoring() { return lastScoreTs - lastSampleTs; }
        long ranking() { return receivedMs - lastScoreTs; }

        String json() {
            return String.format(Locale.ROOT,
                    "{\"request\":\"%s\",\"warmup\":%b,\"sent_ms\":%d,\"samples\":%d,\"scores\":%d,\"complete\":%b,"
                            + "\"latency_ms\":%d,\"generation_ms\":%d,\"scoring_ms\":%d,\"ranking_ms\":%d,"
                            + "\"ranked_at_minus_last_score_ms\":%d,\"missing\":%d}",
                    id, warmup, sentMs, samples, scores, complete, latency(), generation(), scoring(), ranking(),
                    rankedAtMs - lastScoreTs, missing.size());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("--bootstrap", "localhost:9092", "--requests", "20",
                "--in-flight", "1", "--warmup", "2", "--count", "4", "--length", "500", "--timeout-s", "300",
                "--label", "run", "--metrics", "", "--out", ""));
        for (int i = 0; i < args.length; i += 2) {
            if (!o.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: " + o.keySet());
            }
            o.put(args[i], args[i + 1]);
        }
        String bootstrap = o.get("--bootstrap");
        int requests = Integer.parseInt(o.get("--requests"));
        int inFlight = Integer.parseInt(o.get("--in-flight"));
        int warmups = Integer.parseInt(o.get("--warmup"));
        int count = Integer.parseInt(o.get("--count"));
        int length = Integer.parseInt(o.get("--length"));
        long timeoutMs = Long.parseLong(o.get("--timeout-s")) * 1000;
        String label = o.get("--label");
        List<String> metricsUrls = o.get("--metrics").isBlank() ? List.of() : Arrays.asList(o.get("--metrics").split(","));

        Properties cp = new Properties();
        cp.put("bootstrap.servers", bootstrap);
        cp.put("enable.auto.commit", "false");
        cp.put("isolation.level", "read_committed");
        cp.put("max.partition.fetch.bytes", Integer.toString(16 * 1024 * 1024));
        cp.put("fetch.max.wait.ms", "50");
        Properties pp = new Properties();
        pp.put("bootstrap.servers", bootstrap);
        pp.put("acks", "all");
        pp.put("linger.ms", "0");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer());
                KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(SAMPLES, SCORES, RANKED)) {
                var infos = consumer.partitionsFor(topic);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist: is the stack up?");
                }
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            String run = label.replaceAll("[^A-Za-z0-9]+", "-") + "-" + UUID.randomUUID().toString().substring(0, 8);
            // Warm-up requests go first, all at once, and are waited for before the measured ones start.
            Map<String, Tracked> tracked = new LinkedHashMap<>();
            List<Tracked> warm = new ArrayList<>();
            for (int i = 0; i < warmups; i++) {
                Tracked t = new Tracked("bench-" + run + "-w" + i, true);
                tracked.put(t.id, t);
                warm.add(t);
                send(producer, t, count, length, 1000 + i);
            }
            if (!follow(consumer, tracked, warm, count, System.currentTimeMillis() + timeoutMs, null)) {
                System.err.println("warm-up requests did not finish within the timeout");
                System.exit(1);
            }
            Map<String, Double> metricsBefore = tokenCounters(metricsUrls);

            List<Tracked> measured = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Tracked t = new Tracked("bench-" + run + "-" + i, false);
                tracked.put(t.id, t);
                measured.add(t);
            }
            long deadline = System.currentTimeMillis() + timeoutMs;
            int[] next = {0};
            for (; next[0] < Math.min(inFlight, requests); next[0]++) {
                send(producer, measured.get(next[0]), count, length, next[0]);
            }
            boolean finished = follow(consumer, tracked, measured, count, deadline, finishedOne -> {
                if (next[0] < requests) {
                    send(producer, measured.get(next[0]), count, length, next[0]);
                    next[0]++;
                }
            });
            Map<String, Double> metricsAfter = tokenCounters(metricsUrls);

            StringBuilder lines = new StringBuilder();
            for (Tracked t : measured) {
                lines.append(t.json()).append('\n');
            }
            List<Tracked> done = measured.stream().filter(t -> t.done).toList();
            long firstSent = measured.stream().mapToLong(t -> t.sentMs).filter(v -> v > 0).min().orElse(0);
            long lastReceived = done.stream().mapToLong(t -> t.receivedMs).max().orElse(firstSent);
            double minutes = (lastReceived - firstSent) / 60000.0;
            StringBuilder perInstance = new StringBuilder("{");
            for (String url : metricsUrls) {
                double tokens = metricsAfter.getOrDefault(url, Double.NaN) - metricsBefore.getOrDefault(url, Double.NaN);
                perInstance.append(perInstance.length() > 1 ? "," : "").append(String.format(Locale.ROOT, "\"%s\":%.0f", url, tokens));
            }
            perInstance.append('}');
            String summary = String.format(Locale.ROOT,
                    "{\"label\":\"%s\",\"requests\":%d,\"finished\":%d,\"complete_rankings\":%d,\"in_flight\":%d,"
                            + "\"count\":%d,\"length\":%d,\"latency_ms\":%s,\"generation_ms\":%s,\"scoring_ms\":%s,"
                            + "\"ranking_ms\":%s,\"wall_s\":%.1f,\"requests_per_min\":%.2f,\"tokens_by_instance\":%s}",
                    label, requests, done.size(), done.stream().filter(t -> t.complete).count(), inFlight, count, length,
                    stats(done, Tracked::latency), stats(done, Tracked::generation), stats(done, Tracked::scoring),
                    stats(done, Tracked::ranking), (lastReceived - firstSent) / 1000.0,
                    minutes > 0 ? done.size() / minutes : 0.0, perInstance);
            lines.append("SUMMARY ").append(summary).append('\n');
            System.out.print(lines);
            if (!o.get("--out").isBlank()) {
                Files.writeString(Path.of(o.get("--out")), lines.toString());
            }
            if (!finished) {
                System.err.printf("only %d of %d requests finished within %d s%n", done.size(), requests, timeoutMs / 1000);
                System.exit(1);
            }
        }
    }

    static void send(KafkaProducer<String, String> producer, Tracked t, int count, int length, long seed) {
        GenerateRequest request = GenerateRequest.newBuilder().setRequestId(t.id).setCount(count).setLengthTokens(length)
                .setCorpusPrompt(CorpusPrompt.newBuilder().setSplit(Split.SPLIT_TEST))
                .setSampling(SamplingSettings.newBuilder().setRandomFreq(0.8).setTrunc(3)).setSeed(seed).build();
        t.sentMs = System.currentTimeMillis();
        producer.send(new ProducerRecord<>(REQUESTS, null, t.sentMs, t.id, ProtoJson.write(request)), (meta, error) -> {
            if (error != null) {
                System.err.println("cannot send " + t.id + ": " + error);
            }
        });
        producer.flush();
    }

    interface OnFinished {
        void finished(Tracked t);
    }

    /** Polls until every request of {@code waitFor} has its ranked result or the deadline passes. */
    static boolean follow(KafkaConsumer<String, String> consumer, Map<String, Tracked> tracked, List<Tracked> waitFor,
            int count, long deadline, OnFinished onFinished) throws Exception {
        while (waitFor.stream().anyMatch(t -> !t.done)) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.currentTimeMillis();
                switch (record.topic()) {
                    case SAMPLES -> {
                        Sample s = ProtoJson.read(record.value(), Sample.newBuilder());
                        Tracked t = tracked.get(s.getRequestId());
                        if (t != null) {
                            t.samples++;
                            t.lastSampleTs = Math.max(t.lastSampleTs, record.timestamp());
                        }
                    }
                    case SCORES -> {
                        SampleScore s = ProtoJson.read(record.value(), SampleScore.newBuilder());
                        Tracked t = tracked.get(s.getRequestId());
                        if (t != null) {
                            t.scores++;
                            t.lastScoreTs = Math.max(t.lastScoreTs, record.timestamp());
                        }
                    }
                    case RANKED -> {
                        RankedResult r = ProtoJson.read(record.value(), RankedResult.newBuilder());
                        Tracked t = tracked.get(r.getRequestId());
                        if (t != null && !t.done) {
                            t.done = true;
                            t.receivedMs = now;
                            t.rankedRecordTs = record.timestamp();
                            t.rankedAtMs = r.getRankedAtMs();
                            t.complete = r.getComplete();
                            t.missing = r.getMissingList();
                            if (onFinished != null && !t.warmup) {
                                onFinished.finished(t);
                            }
                        }
                    }
                    default -> { }
                }
            }
        }
        return true;
    }

    static String stats(List<Tracked> done, ToLongFunction<Tracked> f) {
        if (done.isEmpty()) {
            return "null";
        }
        long[] v = done.stream().mapToLong(f).sorted().toArray();
        double mean = Arrays.stream(v).average().orElse(0);
        return String.format(Locale.ROOT, "{\"p50\":%d,\"p99\":%d,\"mean\":%.0f,\"min\":%d,\"max\":%d}",
                rank(v, 0.50), rank(v, 0.99), mean, v[0], v[v.length - 1]);
    }

    /** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
    static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static final Pattern TOKENS = Pattern.compile("(?m)^clara_generator_tokens_total(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)");

    /** clara.generator.tokens of each instance, from its /q/metrics (NaN when unreadable). */
    static Map<String, Double> tokenCounters(List<String> urls) {
        Map<String, Double> values = new LinkedHashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String url : urls) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = TOKENS.matcher(body);
                values.put(url, m.find() ? Double.parseDouble(m.group(1)) : 0.0);
            } catch (IOException | InterruptedException | RuntimeException e) {
                values.put(url, Double.NaN);
            }
        }
        return values;
    }
}
