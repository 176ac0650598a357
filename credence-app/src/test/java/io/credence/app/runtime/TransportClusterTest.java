package io.credence.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.client.ApiClient;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.app.network.LocalNetwork;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.Transaction;
import io.credence.node.message.NodeMessage;
import io.credence.p2p.network.FrameHandler;
import io.credence.p2p.network.PeerAddress;
import io.credence.p2p.network.PeerNetwork;
import io.credence.p2p.tls.TlsCertificateFiles;
import io.credence.p2p.tls.TlsIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four nodes on the real TLS transport, in one JVM: a peer that sends garbage, oversize frames and
 * transactions with bad signatures is dropped and counted while the chain goes on; a validator the
 * consortium removes is disconnected.
 */
class TransportClusterTest {
  @TempDir Path dir;

  private static void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(100);
    }
  }

  private static long metric(ApiClient client, String line) throws Exception {
    String text =
        new String(
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(client.base() + "/metrics"))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                .body(),
            java.nio.charset.StandardCharsets.UTF_8);
    for (String l : text.split("\n")) {
      if (l.startsWith(line + " ")) {
        return (long) Double.parseDouble(l.substring(line.length() + 1));
      }
    }
    return 0;
  }

  /** A number {@code read} takes from the node's answer at {@code path}; -1 while it cannot. */
  private static long ask(
      ApiClient client, String path, java.util.function.ToLongFunction<JsonNode> read) {
    try {
      return read.applyAsLong(client.get(path));
    } catch (Exception e) {
      return -1;
    }
  }

  private static long peers(ApiClient client) {
    return ask(client, "/v1/status", s -> s.get("peers").asLong());
  }

  private static long height(ApiClient client) {
    return ask(client, "/v1/status", s -> s.get("height").asLong());
  }

  @Test
  @Timeout(180)
  void byzantinePeer_garbageAndBadSignatures_droppedAndCounted_chainGoesOn() throws Exception {
    int[] ports = LocalNetwork.freePortBlock(8);
    var layout = io.credence.app.cli.InitLayouts.create(dir.resolve("c"), 4, 4, ports[0], ports[4]);
    Genesis genesis = ConsortiumFile.load(layout.consortium());
    List<NodeProcess> nodes = new ArrayList<>();
    PeerNetwork attacker = null;
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    try {
      // Three honest nodes; the test itself is node-4, holding its real key and certificate.
      for (int i = 0; i < 3; i++) {
        nodes.add(NodeProcess.start(NodeConfig.load(layout.nodeHomes().get(i)), quiet));
      }
      ApiClient one = new ApiClient("http://127.0.0.1:" + ports[0]);
      await("three honest nodes commit", () -> height(one) >= 3);
      NodeConfig fourth = NodeConfig.load(layout.nodeHomes().get(3));
      KeyPair key = KeyFileIo.read(fourth.keyFile(), null);
      TlsIdentity identity =
          new TlsIdentity(
              key,
              key,
              TlsCertificateFiles.fromPem(Files.readString(fourth.p2p().tlsCertificate())));
      List<X509Certificate> authorities = new ArrayList<>();
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (Genesis.Organisation o : genesis.organisations()) {
        authorities.add(
            (X509Certificate)
                x509.generateCertificate(new ByteArrayInputStream(o.tlsCaCertificate())));
      }
      List<byte[]> members = new ArrayList<>();
      genesis.validators().forEach(v -> members.add(v.publicKey()));
      attacker =
          PeerNetwork.start(
              identity,
              authorities,
              new InetSocketAddress("127.0.0.1", ports[7]),
              List.of(PeerAddress.anyKey("127.0.0.1", ports[4])),
              members,
              new FrameHandler() {
                @Override
                public void onFrame(byte[] peerKey, byte[] frame) {}
              },
              PeerNetwork.Config.DEFAULTS);
      PeerNetwork byzantine = attacker;
      byte[] nodeOne = genesis.validators().get(0).publicKey();
      await("the attacker is connected to node-1", () -> byzantine.connectedPeers().size() >= 1);

      // Garbage that does not decode, a gossip batch whose signatures do not verify, a consensus
      // vote with a forged signature.
      byzantine.send(nodeOne, new byte[] {1, 99, 7, 7, 7});
      KeyPair admin = KeyFileIo.read(layout.adminKeys().get(0), null);
      TreeMap<String, String> args = new TreeMap<>();
      args.put("publicKey", Hex.of(admin.publicKey()));
      args.put("roles", "VIEWER");
      Transaction signed =
          Transaction.sign(
              admin.suite().signer(admin.privateKey(), new SecureRandom()),
              genesis.chainId(),
              0,
              1_000,
              io.credence.execution.Runtime.encodeCall("identity", "register", args));
      byte[] badSignature = signed.signature().clone();
      badSignature[0] ^= 1;
      Transaction forged =
          new Transaction(
              signed.chainId(),
              signed.sender(),
              signed.nonce(),
              signed.expiryHeight(),
              signed.call(),
              badSignature);
      byzantine.send(
          nodeOne, NodeMessage.CODEC.encode(new NodeMessage.Transactions(List.of(forged, forged))));
      long before = height(one);
      await(
          "garbage and bad signatures counted",
          () -> {
            try {
              return metric(
                          one,
                          "credence_messages_dropped_total{layer=\"transport\",reason=\"malformed_message\"}")
                      >= 1
                  && metric(
                          one,
                          "credence_messages_dropped_total{layer=\"transport\",reason=\"bad_transaction_signature\"}")
                      >= 2;
            } catch (Exception e) {
              return false;
            }
          });
      await("the chain goes on", () -> height(one) > before + 3);
      assertEquals(
          0,
          one.get("/v1/accounts/" + admin.suite().address(admin.publicKey()).hex())
              .get("nextNonce")
              .asLong());

      // Node-4's key signs two votes for two blocks in one round ahead: node-1 keeps them as
      // evidence; a member's admin submits what node-1 holds, the chain checks it by consensus's
      // rules, records it and opens a proposal to remove node-4.
      long round = one.get("/v1/status").get("round").asLong() + 5;
      for (int n = 1; n <= 2; n++) {
        byte[] block = new byte[32];
        java.util.Arrays.fill(block, (byte) n);
        var data =
            new io.credence.consensus.message.VoteData(
                1,
                round,
                io.credence.core.Hash.of(block),
                round - 1,
                io.credence.core.Hash.of(block));
        var vote =
            new io.credence.consensus.message.Message.Vote(
                data,
                new io.credence.consensus.message.Signature(
                    3,
                    key.suite()
                        .signer(key.privateKey(), new SecureRandom())
                        .sign(data.signingBytes())));
        byzantine.send(nodeOne, NodeMessage.CODEC.encode(new NodeMessage.Consensus(vote)));
      }
      await("node-1 holds the evidence", () -> evidence(one) == 1);
      var submitted =
          io.credence.app.cli.InitLayouts.run(
              "gov",
              "evidence",
              "--node",
              "http://127.0.0.1:" + ports[0],
              "--key",
              layout.adminKeys().get(1).toString());
      assertEquals(0, submitted.exit(), submitted.out() + submitted.err());
      assertTrue(
          submitted.out().contains("evidence recorded: validator " + Hex.of(key.publicKey())),
          submitted.out());
      assertTrue(submitted.out().contains("opened: the validator set becomes"), submitted.out());
      var proposal = one.get("/v1/query/governance/proposal?proposal=1").path("answer");
      assertEquals("EVIDENCE", proposal.path("proposer").asText(), proposal.toString());
      assertEquals(3, proposal.path("validators").size(), proposal.toString());
      var again =
          io.credence.app.cli.InitLayouts.run(
              "gov",
              "evidence",
              "--node",
              "http://127.0.0.1:" + ports[0],
              "--key",
              layout.adminKeys().get(1).toString());
      assertTrue(again.out().contains("recorded on chain already"), again.out());
    } finally {
      if (attacker != null) {
        attacker.close();
      }
      nodes.forEach(NodeProcess::close);
    }
  }

  @Test
  @Timeout(180)
  void validatorRemovedByTheConsortium_isDisconnected_othersGoOn() throws Exception {
    int[] ports = LocalNetwork.freePortBlock(8);
    var layout = io.credence.app.cli.InitLayouts.create(dir.resolve("r"), 4, 4, ports[0], ports[4]);
    Genesis genesis = ConsortiumFile.load(layout.consortium());
    List<NodeProcess> nodes = new ArrayList<>();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    try {
      for (Path home : layout.nodeHomes()) {
        nodes.add(NodeProcess.start(NodeConfig.load(home), quiet));
      }
      List<ApiClient> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clients.add(new ApiClient("http://127.0.0.1:" + ports[i]));
      }
      await("all connected", () -> clients.stream().allMatch(c -> peers(c) == 3));
      // The four organisations vote node-4 out: the first proposes, the second's yes passes it.
      KeyPair convenor = KeyFileIo.read(layout.adminKeys().get(0), null);
      KeyPair second = KeyFileIo.read(layout.adminKeys().get(1), null);
      StringBuilder keys = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        keys.append(i == 0 ? "" : ",").append(Hex.of(genesis.validators().get(i).publicKey()));
      }
      await("the four commit", () -> height(clients.get(0)) >= 3);
      Transaction proposal =
          io.credence.app.cli.Calls.proposeValidators(
              convenor, genesis.chainId(), 0, keys.toString());
      clients.get(0).submit(proposal, true);
      Transaction change = io.credence.app.cli.Calls.vote(second, genesis.chainId(), 0, 1, "YES");
      clients.get(1).submit(change, false);
      String path = "/v1/transactions/" + change.hash(genesis.suite()).hex();
      await(
          "the change committed",
          () -> {
            try {
              return clients.get(0).get(path).get("status").asText().equals("COMMITTED");
            } catch (Exception e) {
              return false;
            }
          });
      var answer = clients.get(0).get(path);
      assertEquals("SUCCESS", answer.get("receipt").get("status").asText(), answer.toString());
      await(
          "node-4 disconnected by the three",
          () ->
              peers(clients.get(0)) == 2
                  && peers(clients.get(1)) == 2
                  && peers(clients.get(2)) == 2);
      long after = height(clients.get(0));
      await("the three go on in the new epoch", () -> height(clients.get(0)) > after + 3);
      assertEquals(2, clients.get(0).get("/v1/status").get("epoch").asLong());
      assertTrue(peers(clients.get(3)) == 0, "node-4 has no peers left: " + peers(clients.get(3)));
    } finally {
      nodes.forEach(NodeProcess::close);
    }
  }

  @Test
  @Timeout(300)
  void leaderVotedOut_andAnObserverSyncedFromGenesisVotedIn_everyNodeVerifies() throws Exception {
    int[] ports = LocalNetwork.freePortBlock(10);
    var layout =
        io.credence.app.cli.InitLayouts.withObservers(
            dir.resolve("g"), 4, 4, 1, ports[0], ports[5]);
    Genesis genesis = ConsortiumFile.load(layout.consortium());
    List<NodeProcess> nodes = new ArrayList<>();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    List<ApiClient> clients = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      clients.add(new ApiClient("http://127.0.0.1:" + ports[i]));
    }
    try {
      for (Path home : layout.nodeHomes().subList(0, 4)) {
        nodes.add(NodeProcess.start(NodeConfig.load(home), quiet));
      }
      await("the four commit", () -> height(clients.get(0)) >= 5);
      // The observer starts late, from an empty store: it fetches every block from genesis.
      nodes.add(NodeProcess.start(NodeConfig.load(layout.nodeHomes().get(4)), quiet));
      long reached = height(clients.get(0));
      await("the observer synced from genesis", () -> height(clients.get(4)) >= reached);

      // Vote out the validator that proposed the latest block, and vote the observer in.
      long h = height(clients.get(0));
      String leader =
          clients.get(0).get("/v1/blocks/" + h).path("header").path("proposer").asText();
      int leaderIndex = -1;
      StringBuilder keys = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        String key = Hex.of(genesis.validators().get(i).publicKey());
        if (key.equals(leader)) {
          leaderIndex = i;
        } else {
          keys.append(keys.length() == 0 ? "" : ",").append(key);
        }
      }
      assertTrue(leaderIndex >= 0, "the latest block's proposer is a validator: " + leader);
      keys.append(',').append(Hex.of(genesis.observers().get(0).publicKey()));
      ApiClient via = clients.get(leaderIndex == 0 ? 1 : 0);
      KeyPair first = KeyFileIo.read(layout.adminKeys().get(0), null);
      KeyPair second = KeyFileIo.read(layout.adminKeys().get(1), null);
      via.submit(
          io.credence.app.cli.Calls.proposeValidators(first, genesis.chainId(), 0, keys.toString()),
          true);
      var answer =
          via.submit(io.credence.app.cli.Calls.vote(second, genesis.chainId(), 0, 1, "YES"), true);
      assertEquals("SUCCESS", answer.get("receipt").get("status").asText(), answer.toString());
      List<ApiClient> newSet = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        if (clients.get(i) != clients.get(leaderIndex)) {
          newSet.add(clients.get(i));
        }
      }
      await("the new set in its epoch", () -> newSet.stream().allMatch(c -> epoch(c) == 2));
      // Three old validators and the new one: any three are a quorum, so stop one old validator;
      // from then on every certificate needs the former observer's signature.
      int stopped = leaderIndex == 0 ? 1 : 0;
      nodes.remove(stopped).close();
      ApiClient observer = clients.get(4);
      long after = height(observer);
      await("the new set commits without one old validator", () -> height(observer) > after + 6);
      String newcomer = Hex.of(genesis.observers().get(0).publicKey());
      for (long k = after + 4; k <= after + 6; k++) {
        boolean signed = false;
        for (var sig : observer.get("/v1/blocks/" + k).path("header").path("seal")) {
          signed |= sig.path("validator").asText().equals(newcomer);
        }
        assertTrue(signed, "the former observer signs block " + k + " of the new epoch");
      }
      ApiClient votedOut = clients.get(leaderIndex);
      await("the leader voted out is disconnected", () -> peers(votedOut) == 0);
    } finally {
      nodes.forEach(NodeProcess::close);
    }
    for (Path home : layout.nodeHomes()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(
          0, io.credence.app.cli.InitLayouts.verify(home, new PrintStream(out)), home + ": " + out);
    }
  }

  private static long evidence(ApiClient c) {
    return ask(c, "/v1/evidence", e -> e.get("evidence").size());
  }

  private static long epoch(ApiClient c) {
    return ask(c, "/v1/status", s -> s.get("epoch").asLong());
  }
}
