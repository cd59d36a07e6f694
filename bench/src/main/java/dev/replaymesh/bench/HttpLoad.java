package dev.replaymesh.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code POST /v1/sessions/{id}/events} with NDJSON bodies over N keep-alive connections, each
 * with one request outstanding: every connection owns its share of the sessions and cycles through
 * them, so each session's {@code seq} grows in order. The default client is a minimal blocking
 * HTTP/1.1 one ({@link RawHttp}): java.net.http.HttpClient ({@code --client jdk}) took about six
 * times the CPU per request, which on two shared cores comes straight out of the service's share.
 */
@Command(name = "http", mixinStandardHelpOptions = true, description = "Load over HTTP (NDJSON batches).")
final class HttpLoad implements Callable<Integer> {

    @Mixin
    LoadOptions options;

    @Option(names = "--connections", defaultValue = "16", description = "concurrent connections (${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--client", defaultValue = "socket",
            description = "socket: a minimal blocking HTTP/1.1 client, one thread per connection; jdk: "
                    + "java.net.http.HttpClient, which costs about six times the CPU per request "
                    + "(${DEFAULT-VALUE})")
    String client;

    private Meter meter;
    private RrwebEvents events;

    /** One session's URI and next sequence number; touched by one connection at a time. */
    private static final class Session {
        final URI uri;
        long seq = 1;

        Session(URI uri) {
            this.uri = uri;
        }
    }

    /** One connection's loop: send a batch, on its answer send the next. */
    private final class Connection {
        final Session[] sessions;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int next;
        int poolIndex;

        Connection(Session[] sessions) {
            this.sessions = sessions;
            this.poolIndex = ThreadLocalRandom.current().nextInt(events.size());
        }

        Session session;
        long payloadBytes;

        /** The next request's NDJSON body: the next session's next {@code batch} events. */
        byte[] nextBody() {
            session = sessions[next++ % sessions.length];
            long now = System.currentTimeMillis();
            int length = 0;
            long payload = 0;
            int first = poolIndex;
            for (int i = 0; i < options.batch; i++) {
                int n = RrwebEvents.stampedLength(events.rest((first + i) % events.size()), now, session.seq + i);
                payload += n;
                length += n + 1;
            }
            byte[] body = new byte[length];
            int pos = 0;
            for (int i = 0; i < options.batch; i++) {
                pos = RrwebEvents.write(body, pos, events.rest((first + i) % events.size()), now, session.seq + i);
                body[pos++] = '\n';
            }
            poolIndex = (first + options.batch) % events.size();
            session.seq += options.batch;
            payloadBytes = payload;
            return body;
        }

        /** The socket client: one thread, one keep-alive connection, one request at a time. */
        void runBlocking() {
            Socket socket = null;
            InputStream in = null;
            try {
                while (meter.sending()) {
                    byte[] body = nextBody();
                    long payload = payloadBytes;
                    try {
                        if (socket == null) {
                            socket = new Socket(options.host, options.port);
                            socket.setTcpNoDelay(true);
                            in = new BufferedInputStream(socket.getInputStream(), 8192);
                        }
                        long sent = System.nanoTime();
                        RawHttp.Response response = RawHttp.post(socket.getOutputStream(), in, options.host + ":" + options.port,
                                session.uri.getRawPath(), options.key, body);
                        if (response.status() == 202) {
                            meter.acked(sent, options.batch, payload);
                        } else {
                            meter.error("HTTP " + response.status() + " " + response.body());
                        }
                        if (response.close()) {
                            socket.close();
                            socket = null;
                        }
                    } catch (IOException e) {
                        meter.error(e.toString());
                        closeQuietly(socket);
                        socket = null;
                    }
                }
            } finally {
                closeQuietly(socket);
                done.complete(null);
            }
        }

        void sendNext(HttpClient client) {
            if (!meter.sending()) {
                done.complete(null);
                return;
            }
            byte[] body = nextBody();
            long payloadBytes = this.payloadBytes;
            HttpRequest request = HttpRequest.newBuilder(session.uri)
                    .header("Authorization", "Bearer " + options.key)
                    .header("Content-Type", "application/x-ndjson")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            long sent = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                if (failure != null) {
                    meter.error(failure.toString());
                } else if (response.statusCode() == 202) {
                    meter.acked(sent, options.batch, payloadBytes);
                } else {
                    meter.error("HTTP " + response.statusCode() + " " + response.body());
                }
                sendNext(client);
            });
        }
    }

    @Override
    public Integer call() throws Exception {
        events = options.events();
        String[] ids = options.sessionIds();
        if (ids.length < connections) {
            throw new IllegalArgumentException("--sessions must be at least --connections");
        }
        Connection[] conns = new Connection[connections];
        for (int c = 0; c < connections; c++) {
            Session[] own = new Session[(ids.length - c + connections - 1) / connections];
            for (int i = 0; i < own.length; i++) {
                own[i] = new Session(URI.create("http://" + options.host + ":" + options.port + "/v1/sessions/"
                        + ids[c + i * connections] + "/events"));
            }
            conns[c] = new Connection(own);
        }
        Progress.say("http: %d connections (%s client), %d sessions, %d events of ~%d B per request, warm-up %d s",
                connections, client, ids.length, options.batch, options.eventSize, options.warmupSeconds);
        meter = options.meter();
        if (client.equals("socket")) {
            for (Connection c : conns) {
                Thread t = new Thread(c::runBlocking, "http-connection");
                t.setDaemon(true);
                t.start();
            }
            return finish(conns);
        }
        if (!client.equals("jdk")) {
            throw new IllegalArgumentException("--client must be socket or jdk");
        }
        // Two threads handle the answers; the client's own selector thread does the I/O.
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http-answers");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
        for (Connection c : conns) {
            c.sendNext(http);
        }
        try {
            return finish(conns);
        } finally {
            executor.shutdownNow();
        }
    }

    private int finish(Connection[] conns) throws Exception {
        meter.awaitWindow();
        for (Connection c : conns) {
            c.done.get(90, TimeUnit.SECONDS);
        }
        meter.report("http", "client=" + client + " connections=" + connections + " sessions="
                + options.sessions + " batch=" + options.batch);
        return meter.errors() == 0 ? 0 : 2;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }
}
