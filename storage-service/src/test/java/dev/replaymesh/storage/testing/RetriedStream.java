package dev.replaymesh.storage.testing;

import dev.replaymesh.contract.Topics;
import dev.replaymesh.format.FrameCodec;
import dev.replaymesh.proto.v1.Event;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sessions streamed to the redacted topic as the fault tests need them: {@code batch} events per
 * session every {@code intervalMs}, interleaved, every {@code retryEvery}-th batch sent twice (a
 * client retry), and the last fifth held back until {@code lastFifth} opens, so that events also
 * arrive after the fault. Every record the broker acknowledged is told to {@link DurablePoint}.
 */
public record RetriedStream(int batch, long intervalMs, int retryEvery) {

    /**
     * Streams until every event is sent or {@code stop} is set.
     *
     * @param duplicates filled with the events sent twice, per session
     */
    public void send(String bootstrap, Map<String, List<Event>> sessions, int eventsPerSession, DurablePoint durable,
            Map<String, Integer> duplicates, CountDownLatch lastFifth, AtomicBoolean stop) {
        FrameCodec frames = new FrameCodec();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int from = 0, n = 0; from < eventsPerSession && !stop.get(); from += batch, n++) {
                if (from >= eventsPerSession * 4 / 5) {
                    lastFifth.await();
                }
                int times = n % retryEvery == retryEvery / 2 ? 2 : 1;
                for (Map.Entry<String, List<Event>> e : sessions.entrySet()) {
                    List<Event> slice = e.getValue().subList(from, Math.min(from + batch, eventsPerSession));
                    for (int t = 0; t < times; t++) {
                        for (Event event : slice) {
                            p.send(new ProducerRecord<>(Topics.REDACTED, e.getKey(), frames.encode(event)),
                                    (md, ex) -> {
                                        if (md != null && ex == null) {
                                            durable.sent(e.getKey(), md);
                                        }
                                    });
                        }
                    }
                    if (times == 2) {
                        duplicates.merge(e.getKey(), slice.size(), Integer::sum);
                    }
                }
                p.flush();
                Thread.sleep(intervalMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
