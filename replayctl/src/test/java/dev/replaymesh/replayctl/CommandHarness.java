package dev.replaymesh.replayctl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Around a test of replayctl's commands: System.out and System.err captured (the commands print
 * there), and a fake HTTP API on loopback answering with the test's handler; {@link #close()}
 * stops the API and gives the streams back.
 */
final class CommandHarness implements AutoCloseable {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream stdout = System.out;
    private final PrintStream stderr = System.err;
    private final HttpServer api;

    private CommandHarness(HttpHandler handler) throws IOException {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", handler);
        api.start();
    }

    static CommandHarness start(HttpHandler handler) throws IOException {
        return new CommandHarness(handler);
    }

    /** The fake API's base URL. */
    String url() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    /** Answers a fake API request with a JSON body. */
    static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(bytes);
        }
    }

    @Override
    public void close() {
        api.stop(0);
        System.setOut(stdout);
        System.setErr(stderr);
    }
}
