package io.credence.app.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between every ordered pair of nodes, to cut links between real processes: node {@code
 * from} dials {@link #port port(from, to)} instead of {@code to}'s transport port, and the relay
 * copies bytes both ways (TLS passes through untouched). Cutting a pair closes its live connections
 * in both directions and closes every new one as soon as it is accepted, so each side sees a lost
 * peer and dials again with its back-off; healing lets the next dial through.
 */
final class FaultProxy implements AutoCloseable {
  /** Bytes copied per read. */
  private static final int COPY_BUFFER_BYTES = 16 * 1024;

  /** How long a relay waits to reach the real peer. */
  private static final int UPSTREAM_CONNECT_MILLIS = 2_000;

  /** Live connections per directed link; the transport keeps one per pair and redials slowly. */
  private static final int CONNECTIONS_PER_LINK_MAX = 16;

  /** One directed link: {@code from} dials {@code to} through it. Nodes are numbered from 1. */
  record Link(int from, int to) {}

  private final Map<Link, Relay> relays = new TreeMap<>(FaultProxy::compare);

  /**
   * Listens on {@code proxyPortBase + k} for the k-th ordered pair (from 1..n, to 1..n, from != to,
   * in that order), relaying to {@code p2pPortBase + to - 1}.
   */
  FaultProxy(int nodes, int proxyPortBase, int p2pPortBase) throws IOException {
    int k = 0;
    try {
      for (int from = 1; from <= nodes; from++) {
        for (int to = 1; to <= nodes; to++) {
          if (from != to) {
            Link link = new Link(from, to);
            relays.put(link, new Relay(link, proxyPortBase + k++, p2pPortBase + to - 1));
          }
        }
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /** How many ports the relays of {@code nodes} nodes listen on. */
  static int portsNeeded(int nodes) {
    return nodes * (nodes - 1);
  }

  /** The port node {@code from} dials to reach node {@code to}. */
  int port(int from, int to) {
    return relay(from, to).port;
  }

  /** Cuts nodes {@code a} and {@code b} apart, both ways, until {@link #healAll}. */
  void cut(int a, int b) {
    relay(a, b).cut();
    relay(b, a).cut();
  }

  /** Cuts every node of {@code side} from every node of {@code other}. */
  void split(Set<Integer> side, Set<Integer> other) {
    for (int a : side) {
      for (int b : other) {
        cut(a, b);
      }
    }
  }

  /** Cuts {@code node} from every other node. */
  void isolate(int node) {
    for (Link link : relays.keySet()) {
      if (link.from() == node) {
        cut(node, link.to());
      }
    }
  }

  /** Lets every pair connect again. */
  void healAll() {
    relays.values().forEach(r -> r.isCut = false);
  }

  /** The pairs cut now, for messages. */
  String describeCuts() {
    List<String> cuts = new ArrayList<>();
    relays.forEach(
        (link, r) -> {
          if (r.isCut && link.from() < link.to()) {
            cuts.add(link.from() + "-" + link.to());
          }
        });
    return cuts.isEmpty() ? "none" : String.join(", ", cuts);
  }

  private Relay relay(int from, int to) {
    Relay r = relays.get(new Link(from, to));
    if (r == null) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "link %d->%d: expected two different nodes", from, to));
    }
    return r;
  }

  @Override
  public void close() {
    relays.values().forEach(Relay::close);
  }

  private static int compare(Link x, Link y) {
    return x.from() != y.from()
        ? Integer.compare(x.from(), y.from())
        : Integer.compare(x.to(), y.to());
  }

  /** One listening port relaying to one peer, with the connections it has open. */
  private static final class Relay {
    private final Link link;
    private final int port;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean isCut;
    private volatile boolean isClosed;

    Relay(Link link, int port, int targetPort) throws IOException {
      this.link = link;
      this.port = port;
      this.targetPort = targetPort;
      this.server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      daemon(this::acceptLoop, "relay-" + link.from() + "-" + link.to()).start();
    }

    private void acceptLoop() {
      while (!isClosed) {
        Socket inbound;
        try {
          inbound = server.accept();
        } catch (IOException e) {
          return;
        }
        if (isCut || open.size() >= 2 * CONNECTIONS_PER_LINK_MAX) {
          quietly(inbound);
          continue;
        }
        Socket outbound = new Socket();
        try {
          outbound.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
              UPSTREAM_CONNECT_MILLIS);
        } catch (IOException e) {
          // The peer is down: the dialer sees its connection close, as it would see a refusal.
          quietly(inbound);
          quietly(outbound);
          continue;
        }
        open.add(inbound);
        open.add(outbound);
        if (isCut) {
          // Cut while this one was being connected: the cut must hold for it too.
          quietly(inbound);
          quietly(outbound);
          open.remove(inbound);
          open.remove(outbound);
          continue;
        }
        String name = "relay-" + link.from() + "-" + link.to();
        daemon(() -> copy(inbound, outbound), name + "-out").start();
        daemon(() -> copy(outbound, inbound), name + "-in").start();
      }
    }

    private void copy(Socket from, Socket to) {
      byte[] buffer = new byte[COPY_BUFFER_BYTES];
      try (InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream()) {
        int n;
        while (!isCut && (n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        // Closed by a cut or by either end: both sockets go below.
      } finally {
        quietly(from);
        quietly(to);
        open.remove(from);
        open.remove(to);
      }
    }

    void cut() {
      isCut = true;
      for (Socket s : open) {
        quietly(s);
      }
    }

    void close() {
      isClosed = true;
      cut();
      try {
        server.close();
      } catch (IOException e) {
        // Closing: nothing left to do.
      }
    }

    private static void quietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        // A relay that cannot close a socket has nothing better to do.
      }
    }

    private static Thread daemon(Runnable task, String name) {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      return t;
    }
  }
}
