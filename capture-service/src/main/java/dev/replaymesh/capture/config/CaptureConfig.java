package dev.replaymesh.capture.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Settings of the capture service, under {@code replay.capture}. */
@ConfigMapping(prefix = "replay.capture")
public interface CaptureConfig {

    /** Projects by name; each recorder authenticates with its project's capture key. */
    Map<String, Project> projects();

    /** Size limits that keep one bad or hostile request from harming the others. */
    Limits limits();

    /** How long capture waits for Kafka before it tells the client to retry. */
    Kafka kafka();

    /** What the configuration served to posthog-js turns on in its recorder. */
    PostHog posthog();

    interface Project {
        /** Bearer key that recorders of this project send; keep it in a Secret in production. */
        String captureKey();
    }

    interface Limits {
        /** Largest request body as sent (compressed or not). */
        @WithDefault("64M")
        MemorySize maxBody();

        /** Largest body after decompression; a gzip body that inflates past it is refused unread. */
        @WithDefault("128M")
        MemorySize maxInflatedBody();

        /** Largest single event (its rrweb JSON); full snapshots of real pages reach several MB. */
        @WithDefault("16M")
        MemorySize maxEvent();

        /** Most events in one HTTP request or one gRPC batch. */
        @WithDefault("10000")
        int maxEventsPerBatch();
    }

    interface PostHog {
        /** Record console logs (redaction scrubs them like any other event). */
        @WithDefault("true")
        boolean consoleLogs();

        /** Record network requests' timings (URL, method, status, duration). */
        @WithDefault("true")
        boolean networkTiming();

        /** Also record request and response headers of network requests. */
        @WithDefault("false")
        boolean networkHeaders();

        /** Also record request and response bodies of network requests. */
        @WithDefault("false")
        boolean networkBodies();

        /** Send $exception events for uncaught errors (kept as session metadata). */
        @WithDefault("true")
        boolean exceptions();
    }

    interface Kafka {
        /** Longest wait for Kafka to acknowledge a batch before answering 503 / UNAVAILABLE. */
        @WithDefault("15s")
        Duration ackTimeout();

        /** Seconds a client is told (Retry-After) to wait before retrying after a 503. */
        @WithDefault("5")
        int retryAfterSeconds();
    }
}
