package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.types.Param;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import io.credence.core.types.Values;
import io.credence.execution.Access;
import io.credence.execution.Contract;
import io.credence.execution.ContractState;
import io.credence.execution.Invocation;
import io.credence.execution.Method;
import io.credence.execution.Outcome;
import io.credence.execution.Query;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.execution.identity.Organisation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Supply-chain finance (DOMAIN.md), first part: credit lines. A bank grants a core enterprise a
 * limit valid between two days; receivable certificates issued under it will use the limit and
 * their settlement will give it back. Every bank decision is maker-checker: an OPERATOR of the bank
 * prepares it, an APPROVER of the bank approves it, and the bank's KYC must be valid.
 */
public final class Finance implements Contract {
  public static final String NAME = "finance";

  /** A credit line is valid for at most this many days. */
  public static final int LINE_DAYS_MAX = 3_660;

  public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
  public static final String NOT_A_CORE_ENTERPRISE = "NOT_A_CORE_ENTERPRISE";
  public static final String LINE_NOT_FOUND = "LINE_NOT_FOUND";
  public static final String NOT_THE_LINES_BANK = "NOT_THE_LINES_BANK";
  public static final String LINE_CLOSED = "LINE_CLOSED";
  public static final String LIMIT_BELOW_USED = "LIMIT_BELOW_USED";

  static final Param<String> OBLIGOR =
      Param.text("obligor", 18, "the core enterprise's USCC (the one who will pay)");
  static final Param<Amount> LIMIT = Param.amount("limit", "the most the line may have in use");
  static final Param<CalendarDate> VALID_FROM =
      Param.date("validFrom", "the first day certificates may be issued under it");
  static final Param<CalendarDate> VALID_UNTIL =
      Param.date("validUntil", "the last day certificates may be issued under it");
  static final Param<Hash> LINE = Param.hash("line", "the credit line's id");

  /** The answer of {@code finance.line}. */
  public static final Type LINE_ANSWER =
      Types.record(
          LINE.field(),
          Param.text("bank", 18, "").field(),
          OBLIGOR.field(),
          LIMIT.field(),
          Param.amount("used", "").field(),
          Param.amount("available", "").field(),
          VALID_FROM.field(),
          VALID_UNTIL.field(),
          Param.choice("status", CreditLine.Status.class, "").field());

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "Supply-chain finance: banks' credit lines to core enterprises";
  }

  @Override
  public void initialise(Genesis genesis, ContractState state) {
    // No credit line exists at genesis.
  }

  private static Access bankDecision() {
    return Access.makerChecker().in(OrganisationRole.BANK).withKyc();
  }

  @Override
  public List<Method> methods() {
    return List.of(
        Method.named("grantLine")
            .doc("A bank grants a core enterprise a credit line (maker-checker)")
            .args(OBLIGOR, LIMIT, VALID_FROM, VALID_UNTIL)
            .access(bankDecision())
            .handle(this::grantLine),
        Method.named("changeLine")
            .doc("The line's bank changes its limit or last day (maker-checker)")
            .args(LINE, LIMIT, VALID_UNTIL)
            .access(bankDecision())
            .handle(this::changeLine),
        Method.named("closeLine")
            .doc("The line's bank closes it: nothing more is issued under it (maker-checker)")
            .args(LINE)
            .access(bankDecision())
            .handle(this::closeLine));
  }

  @Override
  public List<Query> queries() {
    return List.of(
        Query.named("line")
            .doc("A credit line: its bank, obligor, limit, use and validity")
            .args(LINE)
            .answers(LINE_ANSWER)
            .handle(
                q ->
                    plain(
                        line(q.state(), q.arg(LINE))
                            .orElseThrow(
                                () ->
                                    q.none(
                                        "NOT_FOUND",
                                        "line %s: expected a credit line, found none",
                                        q.arg(LINE).abbreviated())))));
  }

  static byte[] lineKey(Hash id) {
    return (NAME + "/line/" + id.hex()).getBytes(StandardCharsets.US_ASCII);
  }

  /** The credit line {@code id}, if it exists. */
  public static Optional<CreditLine> line(ContractState state, Hash id) {
    byte[] raw = state.get(lineKey(id));
    return raw == null ? Optional.empty() : Optional.of(CreditLine.CODEC.decode(raw));
  }

  private static Values plain(CreditLine l) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("line", l.id());
    v.put("bank", l.bank());
    v.put("obligor", l.obligor());
    v.put("limit", l.limit());
    v.put("used", l.used());
    v.put("available", l.available());
    v.put("validFrom", l.validFrom());
    v.put("validUntil", l.validUntil());
    v.put("status", l.status().name());
    return new Values(v);
  }

  private Outcome grantLine(Invocation call) {
    String obligor = call.arg(OBLIGOR);
    Optional<Organisation> org = IdentityRegistry.organisation(call.state(), obligor);
    if (org.isEmpty() || org.get().role() != OrganisationRole.CORE_ENTERPRISE) {
      return call.fail(
          NOT_A_CORE_ENTERPRISE,
          "obligor: expected a member that is CORE_ENTERPRISE, found %s",
          org.isEmpty() ? "no member '" + obligor + "'" : obligor + " (" + org.get().role() + ")");
    }
    Amount limit = call.arg(LIMIT);
    CalendarDate from = call.arg(VALID_FROM);
    CalendarDate until = call.arg(VALID_UNTIL);
    Optional<Outcome> bad = checkTerms(call, limit, from, until);
    if (bad.isPresent()) {
      return bad.get();
    }
    Hash id = call.context().transaction();
    CreditLine line =
        new CreditLine(
            id,
            call.organisation().uscc(),
            obligor,
            limit,
            Amount.ZERO,
            from,
            until,
            CreditLine.Status.OPEN);
    call.state().put(lineKey(id), CreditLine.CODEC.encode(line));
    call.emit(
        "LineGranted",
        "line",
        id.hex(),
        "bank",
        line.bank(),
        "obligor",
        obligor,
        "limit",
        limit.toString(),
        "validUntil",
        until.toString());
    return call.success();
  }

  private static Optional<Outcome> checkTerms(
      Invocation call, Amount limit, CalendarDate from, CalendarDate until) {
    if (limit.isZero()) {
      return Optional.of(
          call.fail(INVALID_ARGUMENT, "limit: expected more than 0.00, found %s", limit));
    }
    if (until.isBefore(from)) {
      return Optional.of(
          call.fail(
              INVALID_ARGUMENT,
              "validUntil: expected %s (validFrom) or later, found %s",
              from,
              until));
    }
    if (until.isBefore(call.today())) {
      return Optional.of(
          call.fail(
              INVALID_ARGUMENT,
              "validUntil: expected today (%s) or later, found %s",
              call.today(),
              until));
    }
    if (from.daysUntil(until) > LINE_DAYS_MAX) {
      return Optional.of(
          call.fail(
              INVALID_ARGUMENT,
              "validUntil: expected at most %d days after validFrom (%s), found %d",
              LINE_DAYS_MAX,
              from,
              from.daysUntil(until)));
    }
    return Optional.empty();
  }

  /** Why the caller may not change {@code line}: none, of another bank, or closed; else empty. */
  private static Optional<Outcome> refusal(Invocation call, Hash id, Optional<CreditLine> line) {
    if (line.isEmpty()) {
      return Optional.of(
          call.fail(
              LINE_NOT_FOUND, "line %s: expected a credit line, found none", id.abbreviated()));
    }
    if (!line.get().bank().equals(call.organisation().uscc())) {
      return Optional.of(
          call.fail(
              NOT_THE_LINES_BANK,
              "line %s: granted by bank %s, the sender is of %s",
              id.abbreviated(),
              line.get().bank(),
              call.organisation().uscc()));
    }
    if (line.get().status() != CreditLine.Status.OPEN) {
      return Optional.of(
          call.fail(LINE_CLOSED, "line %s: expected OPEN, found CLOSED", id.abbreviated()));
    }
    return Optional.empty();
  }

  private Outcome changeLine(Invocation call) {
    Optional<CreditLine> found = line(call.state(), call.arg(LINE));
    Optional<Outcome> refused = refusal(call, call.arg(LINE), found);
    if (refused.isPresent()) {
      return refused.get();
    }
    CreditLine line = found.get();
    Amount limit = call.arg(LIMIT);
    CalendarDate until = call.arg(VALID_UNTIL);
    Optional<Outcome> bad = checkTerms(call, limit, line.validFrom(), until);
    if (bad.isPresent()) {
      return bad.get();
    }
    if (limit.compareTo(line.used()) < 0) {
      return call.fail(
          LIMIT_BELOW_USED,
          "limit: expected at least what is in use (%s), found %s",
          line.used(),
          limit);
    }
    call.state().put(lineKey(line.id()), CreditLine.CODEC.encode(line.with(limit, until)));
    call.emit(
        "LineChanged",
        "line",
        line.id().hex(),
        "limit",
        limit.toString(),
        "validUntil",
        until.toString());
    return call.success();
  }

  private Outcome closeLine(Invocation call) {
    Optional<CreditLine> found = line(call.state(), call.arg(LINE));
    Optional<Outcome> refused = refusal(call, call.arg(LINE), found);
    if (refused.isPresent()) {
      return refused.get();
    }
    CreditLine line = found.get();
    call.state().put(lineKey(line.id()), CreditLine.CODEC.encode(line.closed()));
    call.emit("LineClosed", "line", line.id().hex(), "used", line.used().toString());
    return call.success();
  }
}
