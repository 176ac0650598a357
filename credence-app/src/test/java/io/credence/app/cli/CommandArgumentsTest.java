package io.credence.app.cli;

import static io.credence.app.cli.CommandFailuresTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.app.config.KeyFileIo;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.ledger.chain.Transaction;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numbers out of range and unknown commands are refused before any command runs: one line naming
 * the option (or the command), the range allowed and the value found, exit code 2, no help text.
 */
class CommandArgumentsTest {
  @TempDir Path dir;

  private static final String U64_MAX = "18446744073709551615";

  /** {@code args} is split on spaces; KEY stands for a key file, DIR for a fresh folder. */
  private CliRun run(String args) throws Exception {
    Path key = dir.resolve("k.pem");
    KeyFileIo.write(key, CryptoSuite.named("standard").generate(new SecureRandom()), null);
    List<String> words = new ArrayList<>();
    for (String word : args.split(" ")) {
      words.add(word.replace("KEY", key.toString()).replace("DIR", dir.resolve("new").toString()));
    }
    return CliRun.of(words.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @Timeout(30)
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "tx --nonce -1 --key KEY a.b | --nonce: expected 0 to " + U64_MAX + ", found -1",
        "tx --nonce 18446744073709551616 --key KEY a.b"
            + " | --nonce: expected 0 to "
            + U64_MAX
            + ", found 18446744073709551616",
        "tx --nonce ten --key KEY a.b | --nonce: expected 0 to " + U64_MAX + ", found 'ten'",
        "tx --expiry-height -5 --key KEY a.b | --expiry-height: expected 0 to "
            + U64_MAX
            + ", found -5",
        "query --height -1 state k | --height: expected 0 to " + U64_MAX + ", found -1",
        "query block -2 | ID: expected a block height 0 to "
            + U64_MAX
            + " or a block hash, found -2",
        "query --node http://127.0.0.1:0 status"
            + " | --node: expected an address with a port 1 to 65535 such as"
            + " http://127.0.0.1:8645, found port 0 in 'http://127.0.0.1:0'",
        "query --node 127.0.0.1:8645 status"
            + " | --node: expected a node's API address such as http://127.0.0.1:8645,"
            + " found '127.0.0.1:8645'",
        "init --orgs 2 --plain-keys --dir DIR --api-port 0 | --api-port: expected 1 to 65535, found 0",
        "init --orgs 2 --plain-keys --dir DIR --api-port 65536"
            + " | --api-port: expected 1 to 65535, found 65536",
        "init --orgs 2 --plain-keys --dir DIR --p2p-port -7 | --p2p-port: expected 1 to 65535, found -7",
        "init --orgs 2 --plain-keys --dir DIR --validators 4 --api-port 65534"
            + " | --api-port: expected 1 to 65532 for 4 nodes, found 65534",
        "init --orgs 65 --plain-keys --dir DIR | --orgs: expected 1 to 64, found 65",
        "init --orgs many --plain-keys --dir DIR | --orgs: expected 1 to 64, found 'many'",
        "init --orgs 99999999999 --plain-keys --dir DIR"
            + " | --orgs: expected 1 to 64, found 99999999999",
        "init --orgs 2 --plain-keys --dir DIR --observers -1 | --observers: expected 0 to 16, found -1",
        "bench --network DIR --rate 0"
            + " | --rate: expected 1 to 100000 transactions a second, found 0",
        "bench --network DIR --duration 3601 | --duration: expected 1 to 3600 seconds, found 3601",
        "bench --rounds 0 | --rounds: expected 1 to 50, found 0",
        "bench --network DIR --workload payroll"
            + " | --workload: expected registry or finance, found 'payroll'",
        "bench --workload finance"
            + " | --workload finance: expected --network DIR (a running network), found none",
        "bench --transactions 5 | --transactions: expected 1000 to 1000000, found 5",
        "simulate --seeds 1..1 --ticks 10 | --ticks: expected 500 to 1000000 ticks, found 10",
        "simulate --seeds 1..1 --threads 0 | --threads: expected 1 to 64, found 0",
        "simulate --seeds 1..1 --validators 65 | --validators: expected 1 to 64, found 65",
      })
  void numberOutOfRange_refusedNamingOptionRangeAndValue_exit2(String args, String line)
      throws Exception {
    CliRun r = run(args);
    assertOneLine(r, Failures.EXIT_USAGE, "credence: " + line);
    assertEquals("", r.out(), "nothing ran");
  }

  @ParameterizedTest(name = "{0}")
  @Timeout(30)
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "unknowncmd --help | unknown command 'unknowncmd': expected one of demo, init, key, node,"
            + " cluster, network, tx, query, finance, gov, trace, incentives, verify, bench, simulate,"
            + " analyse, help",
        "--help unknowncmd | unknown command 'unknowncmd': expected one of demo, init, key, node,"
            + " cluster, network, tx, query, finance, gov, trace, incentives, verify, bench, simulate,"
            + " analyse, help",
        "unknowncmd | unknown command 'unknowncmd': expected one of demo, init, key, node,"
            + " cluster, network, tx, query, finance, gov, trace, incentives, verify, bench, simulate,"
            + " analyse, help",
        "network nope --help | unknown command 'network nope': expected one of up, status, down, add-node",
        "key nope --help | unknown command 'key nope': expected one of new, show, ca",
        "query status --verbose | query: unknown option '--verbose'",
      })
  void unknownCommand_evenWithHelp_refusedNamingIt_exit2_noHelpPrinted(String args, String line)
      throws Exception {
    CliRun r = run(args);
    assertOneLine(r, Failures.EXIT_USAGE, "credence: " + line);
    assertEquals("", r.out(), "no help text");
  }

  @Test
  @Timeout(30)
  void knownCommandWithHelp_stillPrintsItsHelp_exit0() throws Exception {
    CliRun r = run("network --help");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("Usage: credence network"), r.out());
    assertEquals("", r.err());
  }

  @Test
  @Timeout(30)
  void nonceAndExpiryAbove2To63_accepted_signedAsTheUnsignedNumbers() throws Exception {
    CliRun r =
        run(
            "tx --print-only --chain-id c --nonce 9223372036854775813 --expiry-height "
                + U64_MAX
                + " --key KEY identity.register roles=VIEWER publicKey="
                + Hex.of(
                    io.credence.core.crypto.CryptoSuite.named("standard")
                        .generate(new java.security.SecureRandom())
                        .publicKey()));
    assertEquals(0, r.exit(), r.err());
    Transaction tx = Transaction.CODEC.decode(Hex.parse("tx", r.out().trim()));
    assertEquals("9223372036854775813", Long.toUnsignedString(tx.nonce()));
    assertEquals(U64_MAX, Long.toUnsignedString(tx.expiryHeight()));
    assertEquals("identity", tx.call().contract());
    assertEquals("register", tx.call().method());
  }
}
