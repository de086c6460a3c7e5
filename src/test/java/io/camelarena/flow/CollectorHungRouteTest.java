package io.camelarena.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

/**
 * The collector takes connections and reads the requests but never answers: the exporter's thread waits on it (up to
 * its timeout, a minute here) while the ticks run, and the spans that do not fit the queue meanwhile are dropped.
 */
class CollectorHungRouteTest extends CollectorUnavailableTestSupport {

    private ServerSocket hung;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @Override
    String collectorEndpoint() {
        if (hung == null) {
            try {
                hung = new ServerSocket(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!hung.isClosed()) {
                    try {
                        Socket socket = hung.accept();
                        held.add(socket);
                        Thread reader = new Thread(() -> drain(socket), "hung-collector-reader");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "hung-collector");
            acceptor.setDaemon(true);
            acceptor.start();
        }
        return "http://127.0.0.1:" + hung.getLocalPort();
    }

    private static void drain(Socket socket) {
        try (var in = socket.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException closed) {
            // the test is over
        }
    }

    @Override
    void assertCollectorState() {
        // The exporter did connect and is still waiting for an answer that never comes.
        assertThat(held).isNotEmpty();
    }

    @AfterAll
    void closeCollector() throws IOException {
        hung.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
