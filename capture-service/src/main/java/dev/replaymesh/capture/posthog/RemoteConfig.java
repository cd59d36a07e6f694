package dev.replaymesh.capture.posthog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.replaymesh.capture.config.CaptureConfig;

/**
 * The remote configuration posthog-js asks for at start-up ({@code /array/<token>/config.js},
 * else {@code /array/<token>/config}): session recording on, its snapshots to our {@code /s/},
 * events to {@code /i/v0/e/}, gzip bodies, and everything this mesh does not serve (feature
 * flags, surveys, heatmaps, site apps) off so that posthog-js does not ask for it.
 */
final class RemoteConfig {

    private final CaptureConfig.PostHog settings;

    RemoteConfig(CaptureConfig.PostHog settings) {
        this.settings = settings;
    }

    ObjectNode json(String token) {
        ObjectNode c = PostHogBatchReader.JSON.createObjectNode();
        c.put("token", token);
        c.put("hasFeatureFlags", false);
        c.putArray("supportedCompression").add("gzip").add("gzip-js");
        c.putObject("analytics").put("endpoint", "/i/v0/e/");
        c.put("elementsChainAsString", true);
        c.put("autocapture_opt_out", false);
        c.put("captureDeadClicks", false);
        c.put("heatmaps", false);
        c.put("surveys", false);
        c.put("defaultIdentifiedOnly", true);
        c.putObject("capturePerformance").put("network_timing", settings.networkTiming()).put("web_vitals", false)
                .putNull("web_vitals_allowed_metrics");
        c.put("autocaptureExceptions", settings.exceptions());
        c.putObject("errorTracking").put("autocaptureExceptions", settings.exceptions()).putArray("suppressionRules");
        ObjectNode r = c.putObject("sessionRecording");
        r.put("endpoint", "/s/");
        r.put("consoleLogRecordingEnabled", settings.consoleLogs());
        r.put("recorderVersion", "v2");
        r.putNull("sampleRate");
        r.putNull("minimumDurationMilliseconds");
        r.putNull("linkedFlag");
        r.putObject("networkPayloadCapture").put("recordHeaders", settings.networkHeaders())
                .put("recordBody", settings.networkBodies());
        r.putNull("masking");
        r.putArray("urlTriggers");
        r.putArray("urlBlocklist");
        r.putArray("eventTriggers");
        r.putNull("triggerMatchType");
        r.putNull("scriptConfig");
        c.putArray("siteApps");
        return c;
    }

    /** {@code config.js}: the same configuration, set where posthog-js looks for it. */
    String script(String token) {
        ObjectNode holder = PostHogBatchReader.JSON.createObjectNode();
        holder.set("config", json(token));
        holder.putArray("siteApps");
        // JSON is JavaScript; the token is written as a JSON string, so it cannot break out.
        return "(function(){window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{};"
                + "window._POSTHOG_REMOTE_CONFIG[" + PostHogBatchReader.JSON.getNodeFactory().textNode(token) + "]="
                + holder + ";})();\n";
    }

    /** The answer to {@code /flags/} and {@code /decide/}: no flags, and the configuration for clients that read it there. */
    ObjectNode flags(String token) {
        ObjectNode f = json(token);
        f.putObject("flags");
        f.putObject("featureFlags");
        f.putObject("featureFlagPayloads");
        f.put("errorsWhileComputingFlags", false);
        f.putNull("quotaLimited");
        return f;
    }
}
