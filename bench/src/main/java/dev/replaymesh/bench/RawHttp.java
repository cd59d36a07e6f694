package dev.replaymesh.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Just enough HTTP/1.1 for one POST at a time on a keep-alive socket: the request goes out in one
 * write, the answer is read by Content-Length (or chunks). The load generator shares two cores
 * with the service and the broker, so the client must cost as little as possible.
 */
final class RawHttp {

    record Response(int status, String body, boolean close) {
    }

    private RawHttp() {
    }

    /** {@code in} must be the same buffered stream for every answer on the connection. */
    static Response post(OutputStream out, InputStream in, String hostPort, String path, String key, byte[] body)
            throws IOException {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + hostPort + "\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        return read(in);
    }

    private static Response read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        String header;
        while (!(header = line(in)).isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line(in).split(";", 2)[0].trim(), 16)) > 0) {
                copy(in, body, size);
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            copy(in, body, length);
        } else {
            close = true;
            in.transferTo(body);
        }
        return new Response(code, body.toString(StandardCharsets.UTF_8), close);
    }

    private static void copy(InputStream in, ByteArrayOutputStream to, long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) {
                throw new IOException("connection closed inside a response body");
            }
            to.write(buffer, 0, r);
            n -= r;
        }
    }

    /** One CRLF-terminated line (without it); the answers here are short, byte-wise reads are fine. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
