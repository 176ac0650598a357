package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.client.ApiClient;
import io.credence.execution.governance.Governance;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The consortium's governance in plain words: propose a change, vote on it, list and show
 * proposals. Each step is one {@code governance} transaction signed, submitted and told like {@code
 * credence finance} does it; each read is a {@code governance} query, proven on request.
 */
@Command(
    name = "gov",
    description =
        "Proposals and weighted votes by which the members change the consortium.%n"
            + "Example: credence gov propose admit --key core-admin.pem --uscc 91310000000000009P"
            + " --name \"Harbour Bank\" --role BANK --admin-public-key HEX --weight 1",
    subcommands = {
      GovCommand.Propose.class,
      GovCommand.Vote.class,
      GovCommand.Activate.class,
      GovCommand.SubmitEvidence.class,
      GovCommand.Freeze.class,
      GovCommand.ListProposals.class,
      GovCommand.Show.class,
      GovCommand.ListParameters.class,
      GovCommand.DeclareNode.class
    })
public final class GovCommand implements Runnable {
  /** How long a proposal stays open when --expires-at is not given: this many heights. */
  static final long OPEN_HEIGHTS_DEFAULT = 10_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "propose",
      description = "Proposes a change; the proposer's organisation votes yes by proposing",
      subcommands = {
        Validators.class,
        Observers.class,
        TlsCa.class,
        Admit.class,
        Suspend.class,
        Reinstate.class,
        Remove.class,
        Weight.class,
        Thresholds.class,
        Fee.class,
        Parameter.class,
        Feature.class,
        Unfreeze.class
      })
  static final class Propose implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** A governance transaction, its receipt told in governance's words. */
  abstract static class GovStep extends FinanceCommand.Step {
    @Override
    String contract() {
      return Governance.NAME;
    }

    @Override
    boolean print(JsonNode answer) throws IOException {
      return tell(this, answer);
    }
  }

  /** A proposal: its method, its arguments, and how long it stays open. */
  abstract static class Proposing extends GovStep {
    @Option(
        names = "--expires-at",
        paramLabel = "HEIGHT",
        description =
            "the height from which it can no longer be voted on (default: the node's height + "
                + OPEN_HEIGHTS_DEFAULT
                + ")")
    Long expiresAt;

    @Option(
        names = "--activates-at",
        defaultValue = "0",
        paramLabel = "HEIGHT",
        description =
            "the height from which it holds (default: with the deciding vote); a change other than"
                + " a limit or a switch is then put in force by 'credence gov activate'")
    long activatesAt;

    /** The change's own arguments. */
    abstract Map<String, Object> change();

    @Override
    Map<String, Object> arguments() throws IOException {
      Map<String, Object> args = new LinkedHashMap<>(change());
      args.putIfAbsent("activatesAt", Long.toUnsignedString(activatesAt));
      long until = expiresAt != null ? expiresAt : headHeight() + OPEN_HEIGHTS_DEFAULT;
      args.put("expiresAt", Long.toUnsignedString(until));
      return args;
    }

    private long headHeight() throws IOException {
      try {
        return new ApiClient(sender.node).get("/v1/status").path("height").asLong();
      } catch (ApiClient.ApiException e) {
        throw new IOException("the node's height: " + e.getMessage(), e);
      }
    }
  }

  @Command(name = "validators", description = "A new validator set, keys in order")
  static final class Validators extends Proposing {
    @Option(
        names = "--validators",
        required = true,
        split = ",",
        paramLabel = "KEY",
        description = "the new set's node public keys (hex), comma-separated, in order")
    List<String> keys;

    @Override
    String method() {
      return "proposeValidators";
    }

    @Override
    Map<String, Object> change() {
      return Map.of("validators", String.join(",", keys));
    }
  }

  @Command(
      name = "observers",
      description =
          "A new observer set: nodes peers admit to follow the chain, which never vote (the usual"
              + " way in for a new validator: follow as an observer, then be voted into the set)")
  static final class Observers extends Proposing {
    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
      @Option(
          names = "--observers",
          split = ",",
          paramLabel = "KEY",
          description = "the new set's node public keys (hex), comma-separated")
      List<String> keys;

      @Option(names = "--none", description = "no observers at all")
      boolean none;
    }

    @Override
    String method() {
      return "proposeObservers";
    }

    @Override
    Map<String, Object> change() {
      return Map.of("observers", which.none ? "" : String.join(",", which.keys));
    }
  }

  @Command(
      name = "tls-ca",
      description =
          "A member's TLS CA certificate, whose node certificates peers then trust (a new"
              + " member's first, or a rotation)")
  static final class TlsCa extends Proposing {
    @Option(
        names = "--organisation",
        required = true,
        converter = FinanceCommand.UsccCode.class,
        description = "the member's USCC")
    String organisation;

    @Option(
        names = "--certificate",
        required = true,
        paramLabel = "FILE",
        description = "its CA certificate, PEM ('credence key ca' writes tls-ca.pem)")
    java.nio.file.Path certificate;

    @Override
    String method() {
      return "proposeTlsCa";
    }

    @Override
    Map<String, Object> change() {
      java.util.List<java.security.cert.X509Certificate> read;
      try {
        read =
            io.credence.p2p.tls.TlsCertificateFiles.fromPem(
                java.nio.file.Files.readString(certificate));
      } catch (IOException | java.security.cert.CertificateException e) {
        throw new UserError(
            "--certificate: expected a PEM certificate file, found "
                + certificate
                + " ("
                + e.getMessage()
                + ")");
      }
      if (read.size() != 1) {
        throw new UserError(
            "--certificate: expected one certificate in " + certificate + ", found " + read.size());
      }
      try {
        return Map.of(
            "organisation",
            organisation,
            "certificate",
            io.credence.core.Hex.of(read.get(0).getEncoded()));
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new UserError("--certificate: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "admit",
      description = "Admit an organisation with its role, first admin and weight")
  static final class Admit extends Proposing {
    @Option(
        names = "--uscc",
        required = true,
        converter = FinanceCommand.UsccCode.class,
        description = "the new member's unified social credit code")
    String uscc;

    @Option(names = "--name", required = true, description = "the new member's name")
    String name;

    @Option(
        names = "--role",
        required = true,
        description = "CORE_ENTERPRISE, SUPPLIER, BANK, CLEARING, REGULATOR or AUDITOR")
    String role;

    @Option(
        names = "--admin-public-key",
        required = true,
        paramLabel = "HEX",
        description = "the public key of the new member's first admin (it keeps the private key)")
    String adminKey;

    @Option(
        names = "--weight",
        defaultValue = "1",
        description = "its voting weight, 0 (no vote) to 1,000,000 (default: ${DEFAULT-VALUE})")
    long weight;

    @Override
    String method() {
      return "proposeAdmission";
    }

    @Override
    Map<String, Object> change() {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("uscc", uscc);
      args.put("name", name);
      args.put("role", role.toUpperCase(Locale.ROOT));
      args.put("adminKey", adminKey);
      args.put("votingWeight", Long.toString(weight));
      return args;
    }
  }

  /** A change of one member's standing. */
  abstract static class Standing extends Proposing {
    @Option(
        names = "--organisation",
        required = true,
        converter = FinanceCommand.UsccCode.class,
        description = "the member's USCC")
    String organisation;

    @Override
    Map<String, Object> change() {
      return Map.of("organisation", organisation);
    }
  }

  @Command(name = "suspend", description = "Suspend a member: its accounts may not transact")
  static final class Suspend extends Standing {
    @Override
    String method() {
      return "proposeSuspension";
    }
  }

  @Command(name = "reinstate", description = "Lift a member's suspension")
  static final class Reinstate extends Standing {
    @Override
    String method() {
      return "proposeReinstatement";
    }
  }

  @Command(name = "remove", description = "Remove a member for good")
  static final class Remove extends Standing {
    @Override
    String method() {
      return "proposeRemoval";
    }
  }

  /** A member, or one of its accounts: what a freeze holds. */
  static final class FreezeTarget {
    @Option(
        names = "--organisation",
        converter = FinanceCommand.UsccCode.class,
        description = "the member's USCC")
    String organisation;

    @Option(
        names = "--account",
        paramLabel = "ADDRESS",
        description = "one account's address (40 hexadecimal digits)")
    String account;

    Map<String, Object> args() {
      Map<String, Object> out = new LinkedHashMap<>();
      if (organisation != null) {
        out.put("organisation", organisation);
      } else {
        out.put("account", account);
      }
      return out;
    }
  }

  @Command(
      name = "unfreeze",
      description =
          "Lift a regulator's freeze of a member or an account that the members let stand")
  static final class Unfreeze extends Proposing {
    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    FreezeTarget target;

    @Override
    String method() {
      return target.organisation != null ? "proposeUnfreeze" : "proposeUnfreezeAccount";
    }

    @Override
    Map<String, Object> change() {
      return target.args();
    }
  }

  @Command(
      name = "freeze",
      description =
          "A regulator freezes a member, or one account, at once, saying why; the members' vote"
              + " then lets it stand or makes it fall")
  static final class Freeze extends Proposing {
    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    FreezeTarget target;

    @Option(names = "--reason", required = true, description = "why, in plain words")
    String reason;

    @Override
    String method() {
      return target.organisation != null ? "freeze" : "freezeAccount";
    }

    @Override
    Map<String, Object> change() {
      Map<String, Object> args = target.args();
      args.put("reason", reason);
      return args;
    }
  }

  @Command(name = "weight", description = "A member's new voting weight")
  static final class Weight extends Standing {
    @Option(names = "--weight", required = true, description = "0 (no vote) to 1,000,000")
    long weight;

    @Override
    String method() {
      return "proposeWeight";
    }

    @Override
    Map<String, Object> change() {
      return Map.of("organisation", organisation, "votingWeight", Long.toString(weight));
    }
  }

  @Command(name = "thresholds", description = "New participation and win thresholds")
  static final class Thresholds extends Proposing {
    @Option(
        names = "--participation",
        required = true,
        paramLabel = "PERCENT",
        description = "the share of all voting weight that must vote, 1-100")
    long participation;

    @Option(
        names = "--win",
        required = true,
        paramLabel = "PERCENT",
        description = "the share of the yes-or-no weight that must be yes, 51-100")
    long win;

    @Override
    String method() {
      return "proposeThresholds";
    }

    @Override
    Map<String, Object> change() {
      return Map.of(
          "participationPercent", Long.toString(participation), "winPercent", Long.toString(win));
    }
  }

  @Command(
      name = "fee",
      description = "A method's fee in the fee schedule, owed by the sender's organisation")
  static final class Fee extends Proposing {
    @Option(
        names = "--method",
        required = true,
        paramLabel = "CONTRACT.METHOD",
        description = "the method, e.g. finance.submit")
    String method;

    @Option(
        names = "--fee",
        required = true,
        converter = FinanceCommand.Yuan.class,
        description = "in yuan, e.g. 10.00 (0 makes it free)")
    io.credence.core.Amount fee;

    @Override
    String method() {
      return "proposeFee";
    }

    @Override
    Map<String, Object> change() {
      return Map.of("method", method, "fen", Long.toString(fee.fen()));
    }
  }

  @Command(
      name = "parameter",
      description =
          "A new value of one of the chain's limits, at once or from an activation height (see"
              + " 'credence gov parameters' for each limit and its range)")
  static final class Parameter extends Proposing {
    @Option(
        names = "--name",
        required = true,
        paramLabel = "LIMIT",
        description = "e.g. blockTransactionsMax, transactionBytesMax, transactionWorkMax")
    String name;

    @Option(names = "--value", required = true, paramLabel = "N", description = "the new value")
    long value;

    @Override
    String method() {
      return "proposeParameter";
    }

    @Override
    Map<String, Object> change() {
      return Map.of(
          "parameter",
          name,
          "value",
          Long.toUnsignedString(value),
          "activatesAt",
          Long.toUnsignedString(activatesAt));
    }
  }

  @Command(
      name = "feature",
      description =
          "Switch a protocol feature on, at once or from an activation height; switches this"
              + " build knows: fees.refusedFree (a refused transaction owes no fee)")
  static final class Feature extends Proposing {
    @Option(names = "--name", required = true, paramLabel = "SWITCH", description = "its name")
    String name;

    @Override
    String method() {
      return "proposeFeature";
    }

    @Override
    Map<String, Object> change() {
      return Map.of("feature", name, "activatesAt", Long.toUnsignedString(activatesAt));
    }
  }

  @Command(
      name = "parameters",
      description = "The chain's limits in force, their ranges by vote, and changes waiting")
  static final class ListParameters extends GovRead {
    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      JsonNode answer = ask(client, "parameters", Map.of()).path("answer").path("parameters");
      if (json) {
        printJson(out, answer);
        return;
      }
      out.printf(Locale.ROOT, "%-24s %14s  %-26s  %s%n", "limit", "value", "range by vote", "next");
      for (JsonNode p : answer) {
        boolean governed = p.path("governed").asBoolean();
        long from = p.path("fromHeight").asLong();
        out.printf(
            Locale.ROOT,
            "%-24s %14d  %-26s  %s%n",
            p.path("name").asText(),
            p.path("value").asLong(),
            governed
                ? p.path("min").asLong() + " to " + p.path("max").asLong()
                : p.path("name").asText().endsWith("Percent")
                    ? "by 'propose thresholds'"
                    : "fixed at genesis",
            from == 0 ? "" : p.path("scheduledValue").asLong() + " from height " + from);
      }
    }
  }

  @Command(
      name = "vote",
      description =
          "Casts or changes your organisation's vote; the vote that decides a proposal applies it")
  static final class Vote extends GovStep {
    @Option(names = "--proposal", required = true, paramLabel = "N", description = "its number")
    long proposal;

    @Option(
        names = "--choice",
        required = true,
        description = "yes, no or abstain (abstaining counts towards participation)")
    String choice;

    @Override
    String method() {
      return "vote";
    }

    @Override
    Map<String, Object> arguments() {
      return Map.of(
          "proposal", Long.toUnsignedString(proposal), "choice", choice.toUpperCase(Locale.ROOT));
    }
  }

  @Command(
      name = "activate",
      description =
          "Puts in force a passed proposal whose activation height has come (anyone with an"
              + " account may, once)")
  static final class Activate extends GovStep {
    @Option(names = "--proposal", required = true, paramLabel = "N", description = "its number")
    long proposal;

    @Override
    String method() {
      return "activate";
    }

    @Override
    Map<String, Object> arguments() {
      return Map.of("proposal", Long.toUnsignedString(proposal));
    }
  }

  @Command(
      name = "declare-node",
      description =
          "Declares that your organisation runs a node, signed with the node's own key: its"
              + " signatures in certificates then earn your organisation its share of the fees"
              + " once it is voted into the validator set")
  static final class DeclareNode extends FinanceCommand.Step {
    @Option(
        names = "--node-key",
        required = true,
        paramLabel = "FILE",
        description = "the node's key file (its node.key)")
    java.nio.file.Path nodeKey;

    @Option(
        names = "--organisation",
        required = true,
        converter = FinanceCommand.UsccCode.class,
        description = "your organisation's USCC, which the node key signs")
    String organisation;

    @Override
    String contract() {
      return io.credence.execution.consensus.ValidatorSetContract.NAME;
    }

    @Override
    String method() {
      return "declareNode";
    }

    @Override
    boolean print(JsonNode answer) throws IOException {
      return tell(this, answer);
    }

    @Override
    Map<String, Object> arguments() {
      io.credence.core.crypto.KeyPair node;
      try {
        node = io.credence.app.config.KeyFileIo.read(nodeKey, null);
      } catch (io.credence.app.config.ConfigException e) {
        throw new UserError(
            "--node-key: expected a readable node key file, found: " + e.getMessage());
      }
      byte[] signature =
          node.suite()
              .signer(node.privateKey(), new java.security.SecureRandom())
              .sign(io.credence.execution.consensus.ValidatorSetContract.declaration(organisation));
      return Map.of(
          "node",
          io.credence.core.Hex.of(node.publicKey()),
          "signature",
          io.credence.core.Hex.of(signature));
    }
  }

  @Command(
      name = "evidence",
      description =
          "Submits the equivocation evidence the node holds (two conflicting messages signed by"
              + " one validator for one round): the chain checks each, records it for good and"
              + " opens a proposal to remove that validator")
  static final class SubmitEvidence implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin FinanceCommand.Sender sender;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, io.credence.app.config.ConfigException {
      ApiClient client = new ApiClient(sender.node);
      PrintWriter out = spec.commandLine().getOut();
      try {
        JsonNode held = client.get("/v1/evidence").path("evidence");
        if (held.isEmpty()) {
          out.println("the node holds no equivocation evidence");
          out.flush();
          return 0;
        }
        io.credence.core.crypto.KeyPair key =
            io.credence.app.config.KeyFileIo.read(sender.key, sender.passphraseFile);
        var catalogue = Catalogue.fetch(client);
        int refused = 0;
        for (JsonNode e : held) {
          out.println(
              "evidence: validator "
                  + e.path("validator").asText()
                  + " signed "
                  + e.path("kind").asText()
                  + " in round "
                  + e.path("round").asText());
          io.credence.core.Call call =
              TxCommand.encodeCall(
                  Governance.NAME,
                  "submitEvidence",
                  Map.of("first", e.path("first").asText(), "second", e.path("second").asText()),
                  catalogue);
          JsonNode answer = FinanceCommand.Step.submit(client, key, call);
          String code = answer.path("receipt").path("rejectionCode").asText();
          if (FinanceCommand.Step.succeeded(answer)) {
            for (JsonNode ev : answer.path("receipt").path("events")) {
              out.println("  " + words(ev));
            }
          } else if (code.equals(Governance.EVIDENCE_KNOWN)) {
            out.println("  recorded on chain already");
          } else {
            refused++;
            out.println("  " + FinanceCommand.Step.words(answer).replace("\n", "\n  "));
          }
        }
        out.flush();
        return refused == 0 ? 0 : Failures.EXIT_REFUSED;
      } catch (ApiClient.ApiException e) {
        spec.commandLine().getErr().println("credence: rejected: " + e.getMessage());
        return Failures.EXIT_REFUSED;
      }
    }
  }

  /** A governance read. */
  abstract static class GovRead extends FinanceCommand.Read {
    @Override
    String contract() {
      return Governance.NAME;
    }
  }

  @Command(name = "list", description = "Proposals in number order, with where each stands")
  static final class ListProposals extends GovRead {
    @Option(
        names = "--from",
        defaultValue = "1",
        paramLabel = "N",
        description = "the first proposal listed (default: ${DEFAULT-VALUE})")
    long from;

    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      List<JsonNode> all = new ArrayList<>();
      long next = from;
      for (int page = 0; page < FinanceCommand.READ_PAGES_MAX; page++) {
        JsonNode answer =
            ask(
                    client,
                    "proposals",
                    Map.of(
                        "from",
                        Long.toString(next),
                        "count",
                        Integer.toString(Governance.PROPOSALS_PAGE_MAX)))
                .path("answer");
        answer.forEach(all::add);
        if (answer.size() < Governance.PROPOSALS_PAGE_MAX) {
          break;
        }
        next += Governance.PROPOSALS_PAGE_MAX;
      }
      if (json) {
        printJson(out, all);
        return;
      }
      if (all.isEmpty()) {
        out.println("no proposals from number " + from);
        return;
      }
      long height = client.get("/v1/status").path("height").asLong();
      out.printf(Locale.ROOT, "%5s  %-10s  %-8s  %s%n", "no.", "kind", "status", "change");
      for (JsonNode p : all) {
        out.printf(
            Locale.ROOT,
            "%5d  %-10s  %-8s  %s%n",
            p.path("proposal").asLong(),
            p.path("kind").asText(),
            standing(p, height),
            p.path("change").asText());
      }
    }
  }

  /** Tells a governance step's answer in words (or JSON); whether it succeeded. */
  static boolean tell(FinanceCommand.Step step, JsonNode answer) throws IOException {
    if (step.sender.json || !FinanceCommand.Step.succeeded(answer)) {
      return step.printPlain(answer);
    }
    PrintWriter out = step.spec.commandLine().getOut();
    for (JsonNode e : answer.path("receipt").path("events")) {
      out.println(words(e));
    }
    out.println(
        "transaction "
            + answer.path("hash").asText()
            + " committed in block "
            + Long.toUnsignedString(answer.path("height").asLong()));
    out.flush();
    return true;
  }

  /** One governance event in words. */
  static String words(JsonNode event) {
    JsonNode a = event.path("attributes");
    String proposal = "proposal " + a.path("proposal").asText();
    switch (event.path("name").asText()) {
      case Governance.OPENED:
        return proposal
            + " opened: "
            + a.path("change").asText()
            + "; open until height "
            + a.path("expiresAt").asText();
      case Governance.VOTED:
        return a.path("organisation").asText()
            + " voted "
            + a.path("choice").asText()
            + " on "
            + proposal;
      case Governance.DECIDED:
        return proposal + " decided: " + a.path("status").asText();
      case "OrganisationAdmitted":
        return a.path("name").asText()
            + " ("
            + a.path("organisation").asText()
            + ") admitted as "
            + a.path("role").asText()
            + "; its first admin account is "
            + a.path("admin").asText();
      case "MemberStatusChanged":
        return a.path("organisation").asText() + " is now " + a.path("status").asText();
      case Governance.WEIGHT_CHANGED:
        return "the voting weight of "
            + a.path("organisation").asText()
            + " is now "
            + a.path("votingWeight").asText();
      case Governance.EVIDENCE_RECORDED:
        return "evidence recorded: validator "
            + a.path("validator").asText()
            + " signed two "
            + a.path("kind").asText()
            + "s in epoch "
            + a.path("epoch").asText()
            + " round "
            + a.path("round").asText();
      case Governance.FROZEN:
        return (a.has("account")
                ? "account " + a.path("account").asText()
                : a.path("organisation").asText())
            + " is frozen by "
            + a.path("regulator").asText()
            + " ("
            + a.path("reason").asText()
            + "); the members' vote on proposal "
            + a.path("proposal").asText()
            + " lets it stand or makes it fall";
      case Governance.UNFROZEN:
        return "the freeze of "
            + (a.has("account")
                ? "account " + a.path("account").asText()
                : a.path("organisation").asText())
            + " is lifted";
      case Governance.FEE_CHANGED:
        long fen = a.path("fen").asLong();
        return String.format(
            Locale.ROOT,
            "the fee of %s is now %d.%02d yuan",
            a.path("method").asText(),
            fen / 100,
            fen % 100);
      case Governance.FEATURE_SCHEDULED:
        return a.path("feature").asText() + " is on from height " + a.path("fromHeight").asText();
      case Governance.PARAMETER_CHANGED:
        return a.path("parameter").asText()
            + " is "
            + a.path("value").asText()
            + " from height "
            + a.path("fromHeight").asText();
      case Governance.THRESHOLDS_CHANGED:
        return "thresholds now: "
            + a.path("participationPercent").asText()
            + "% of the voting weight takes part, "
            + a.path("winPercent").asText()
            + "% of the votes cast are yes";
      case io.credence.execution.consensus.ValidatorSetContract.NODE_DECLARED:
        return "node " + a.path("node").asText() + " is run by " + a.path("organisation").asText();
      case Governance.SCHEDULED:
        return "proposal "
            + a.path("proposal").asText()
            + " takes effect from height "
            + a.path("activatesAt").asText()
            + ": then anyone puts it in force with 'credence gov activate --proposal "
            + a.path("proposal").asText()
            + "'";
      case Governance.ACTIVATED:
        return "proposal " + a.path("proposal").asText() + " is put in force";
      case io.credence.execution.consensus.ValidatorSetContract.TLS_CA_CHANGED:
        return a.path("sha256").asText().isEmpty()
            ? "the TLS CA of " + a.path("organisation").asText() + " is no longer trusted"
            : "the TLS CA of "
                + a.path("organisation").asText()
                + " is now certificate SHA-256 "
                + a.path("sha256").asText()
                + "; peers trust its nodes from this block";
      case io.credence.execution.consensus.ValidatorSetContract.OBSERVERS_CHANGED:
        String observers = a.path("observers").asText();
        int count = observers.isEmpty() ? 0 : observers.split(",", -1).length;
        return "the observer set is now "
            + count
            + (count == 1 ? " observer" : " observers")
            + "; peers admit them from this block";
      case "ValidatorSetChanged":
        return "the validator set is now "
            + a.path("validators").asText().split(",", -1).length
            + " validators; the epoch ends with this block";
      default:
        return FinanceCommand.describe(event);
    }
  }

  /** OPEN past its expiry is EXPIRED, as the contract counts it. */
  static String standing(JsonNode p, long height) {
    String status = p.path("status").asText();
    return status.equals("OPEN") && height >= p.path("expiresAt").asLong() ? "EXPIRED" : status;
  }

  @Command(name = "show", description = "One proposal: what it does, the votes, where it stands")
  static final class Show extends GovRead {
    @Option(names = "--proposal", required = true, paramLabel = "N", description = "its number")
    long proposal;

    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      JsonNode p =
          ask(client, "proposal", Map.of("proposal", Long.toUnsignedString(proposal)))
              .path("answer");
      if (json) {
        printJson(out, p);
        return;
      }
      long height = client.get("/v1/status").path("height").asLong();
      out.println("proposal " + p.path("proposal").asLong() + ": " + p.path("change").asText());
      out.println(
          "  proposed by "
              + p.path("proposer").asText()
              + " at height "
              + p.path("openedAt").asLong()
              + ", open until height "
              + p.path("expiresAt").asLong());
      String status = standing(p, height);
      out.println(
          "  "
              + status
              + (status.equals("OPEN") || status.equals("EXPIRED")
                  ? ""
                  : " at height " + p.path("decidedAt").asLong()));
      if (p.path("activatesAt").asLong() > 0) {
        out.println(
            "  takes effect from height "
                + p.path("activatesAt").asLong()
                + (p.path("waiting").asBoolean()
                    ? ", waiting to be put in force ('credence gov activate')"
                    : ""));
      }
      for (JsonNode v : p.path("votes")) {
        out.println("  " + v.path("organisation").asText() + " voted " + v.path("choice").asText());
      }
      JsonNode weights = ask(client, "weights", Map.of()).path("answer");
      long total = 0;
      for (JsonNode m : weights.path("members")) {
        total += m.path("counts").asBoolean() ? m.path("votingWeight").asLong() : 0;
      }
      out.println(
          "  thresholds: "
              + weights.path("participationPercent").asLong()
              + "% of the voting weight ("
              + total
              + ") takes part, "
              + weights.path("winPercent").asLong()
              + "% of the votes cast are yes");
    }
  }
}
