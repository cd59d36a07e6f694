package dev.replaymesh.capture.posthog;

import dev.replaymesh.capture.ingest.BodyDecoder;
import dev.replaymesh.capture.service.CaptureRefusedException;
import dev.replaymesh.capture.service.Refusal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns a body as posthog-js sends it into its JSON. posthog-js picks an encoding per request
 * and says which in the {@code compression} query parameter, but not always in the headers:
 * <ul>
 * <li>{@code gzip-js} (or {@code gzip}): gzip bytes sent as {@code text/plain} without
 * {@code Content-Encoding}, also by {@code navigator.sendBeacon}; recognised by gzip's magic bytes
 * whatever the parameter says;</li>
 * <li>{@code base64}: a form body {@code data=<url-encoded base64 of the JSON>};</li>
 * <li>none: the JSON itself, or a form body {@code data=<url-encoded JSON>}.</li>
 * </ul>
 */
final class PostHogBody {

    private final BodyDecoder bodies;

    PostHogBody(BodyDecoder bodies) {
        this.bodies = bodies;
    }

    /** The JSON text of the body, UTF-8. */
    byte[] json(byte[] body, String contentEncoding, String compression) {
        byte[] bytes = isGzip(body) ? bodies.gunzip(body) : bodies.decode(body, contentEncoding);
        if (startsWith(bytes, "data=")) {
            String data = formField(bytes);
            boolean base64 = "base64".equalsIgnoreCase(compression) || !looksLikeJson(data);
            bytes = base64 ? base64(data) : data.getBytes(StandardCharsets.UTF_8);
            if (isGzip(bytes)) {
                bytes = bodies.gunzip(bytes);
            }
        } else if ("base64".equalsIgnoreCase(compression) && !looksLikeJson(bytes)) {
            bytes = base64(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        if (!looksLikeJson(bytes)) {
            throw new CaptureRefusedException(Refusal.INVALID, "body is neither JSON nor an encoding posthog-js"
                    + " uses (gzip, data=<base64>, data=<json>); compression=" + compression);
        }
        return bytes;
    }

    static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    /** The value of the form's {@code data} field (posthog-js sends it alone or first). */
    private static String formField(byte[] body) {
        String form = new String(body, StandardCharsets.ISO_8859_1);
        int end = form.indexOf('&');
        String value = form.substring("data=".length(), end < 0 ? form.length() : end);
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CaptureRefusedException(Refusal.INVALID, "form field data is not URL-encoded: " + e.getMessage());
        }
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getMimeDecoder().decode(text.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new CaptureRefusedException(Refusal.INVALID, "body says base64 but is not: " + e.getMessage());
        }
    }

    private static boolean looksLikeJson(String s) {
        String t = s.stripLeading();
        return !t.isEmpty() && (t.charAt(0) == '[' || t.charAt(0) == '{');
    }

    private static boolean looksLikeJson(byte[] b) {
        for (byte x : b) {
            if (x == ' ' || x == '\n' || x == '\r' || x == '\t') {
                continue;
            }
            return x == '[' || x == '{';
        }
        return false;
    }

    private static boolean startsWith(byte[] b, String prefix) {
        return b.length >= prefix.length()
                && new String(b, 0, prefix.length(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).equals(prefix);
    }
}
