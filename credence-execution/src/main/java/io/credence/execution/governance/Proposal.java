package io.credence.execution.governance;

import io.credence.core.Hex;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.genesis.OrganisationRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * A proposal put to the consortium's vote: the {@link Change} it would make, the organisation that
 * proposed it, the height it opened at, and its {@link Ballot}.
 */
public record Proposal(
    long id, Change change, String proposer, long openedHeight, Ballot ballot, long activatesAt) {
  /** A proposal in force with its deciding vote. */
  public Proposal(long id, Change change, String proposer, long openedHeight, Ballot ballot) {
    this(id, change, proposer, openedHeight, ballot, 0);
  }

  /** What a proposal does once passed. */
  public enum Kind {
    /** Replaces the validator set (keys in order); ends the epoch when its block commits. */
    VALIDATORS,
    /**
     * Replaces the observer set: nodes that follow the chain and serve it, never vote. Peers admit
     * them from the block that carries the change; the epoch goes on.
     */
    OBSERVERS,
    /**
     * Sets the TLS CA certificate of a member: the transport trusts the nodes it issues (a new
     * member's first, or a rotation).
     */
    TLS_CA,
    /** Admits an organisation with its role, its first admin and its voting weight. */
    ADMIT,
    /** Suspends a member: its accounts may not transact and its weight does not count. */
    SUSPEND,
    /** Lifts a suspension. */
    REINSTATE,
    /** Removes a member for good: as suspended, and never reinstated or admitted again. */
    REMOVE,
    /** Sets a member's voting weight. */
    WEIGHT,
    /** Sets the participation and win thresholds. */
    THRESHOLDS,
    /** Sets one method's fee in the fee schedule. */
    FEE,
    /** A regulator's freeze of a member, in force at once: it stands if passed, falls otherwise. */
    FREEZE,
    /** Lifts a freeze that stands. */
    UNFREEZE,
    /** Sets one of the chain's limits, at once or from an activation height. */
    PARAMETER,
    /** Turns a protocol feature switch on, at once or from an activation height. */
    FEATURE
  }

  public static final int VALIDATORS_MAX = 256;

  /** The change a proposal makes; {@link #subject()} names what it touches. */
  public sealed interface Change {
    Kind kind();

    /**
     * What the change touches: one proposal per subject is open at a time, so two conflicting ones
     * (two removals of one validator, an admission and a suspension of one organisation) cannot
     * both be voted on.
     */
    String subject();

    /** The change in plain words, for people. */
    String describe();
  }

  /** The validator set becomes {@code keys}, in order. */
  public record Validators(List<byte[]> keys) implements Change {
    public Validators {
      keys = List.copyOf(keys);
    }

    @Override
    public Kind kind() {
      return Kind.VALIDATORS;
    }

    @Override
    public String subject() {
      return "validators";
    }

    @Override
    public String describe() {
      return "the validator set becomes " + abbreviated(keys);
    }
  }

  private static String abbreviated(List<byte[]> keys) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(Hex.of(keys.get(i)), 0, 16).append('…');
    }
    return out.toString();
  }

  /** The observer set becomes {@code keys} (none: no observers). */
  public record Observers(List<byte[]> keys) implements Change {
    public Observers {
      keys = List.copyOf(keys);
    }

    @Override
    public Kind kind() {
      return Kind.OBSERVERS;
    }

    @Override
    public String subject() {
      return "observers";
    }

    @Override
    public String describe() {
      return keys.isEmpty()
          ? "the observer set becomes empty"
          : "the observer set becomes " + abbreviated(keys);
    }
  }

  /** The TLS CA certificate (DER) of the member {@code uscc} becomes {@code certificate}. */
  public record TlsCa(String uscc, byte[] certificate) implements Change {
    public TlsCa {
      certificate = certificate.clone();
    }

    @Override
    public byte[] certificate() {
      return certificate.clone();
    }

    /** The certificate's SHA-256, hex, as people compare certificates. */
    public String fingerprint() {
      org.bouncycastle.crypto.digests.SHA256Digest digest =
          new org.bouncycastle.crypto.digests.SHA256Digest();
      digest.update(certificate, 0, certificate.length);
      byte[] out = new byte[digest.getDigestSize()];
      digest.doFinal(out, 0);
      return Hex.of(out);
    }

    @Override
    public Kind kind() {
      return Kind.TLS_CA;
    }

    @Override
    public String subject() {
      return "tls-ca/" + uscc;
    }

    @Override
    public String describe() {
      return "the TLS CA of "
          + uscc
          + " becomes certificate SHA-256 "
          + fingerprint().substring(0, 16)
          + "…";
    }
  }

  /** Admits {@code uscc} as a member with {@code role}, admin key and voting weight. */
  public record Admit(
      String uscc, String name, OrganisationRole role, byte[] adminKey, long votingWeight)
      implements Change {
    public Admit {
      adminKey = adminKey.clone();
    }

    @Override
    public byte[] adminKey() {
      return adminKey.clone();
    }

    @Override
    public Kind kind() {
      return Kind.ADMIT;
    }

    @Override
    public String subject() {
      return "organisation/" + uscc;
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT, "admit %s (%s) as %s with voting weight %d", name, uscc, role, votingWeight);
    }
  }

  /** Suspends, reinstates or removes the member {@code uscc} ({@code kind} says which). */
  public record Membership(Kind kind, String uscc) implements Change {
    public Membership {
      if (kind != Kind.SUSPEND && kind != Kind.REINSTATE && kind != Kind.REMOVE) {
        throw new IllegalArgumentException("membership change: kind " + kind);
      }
    }

    @Override
    public String subject() {
      return "organisation/" + uscc;
    }

    @Override
    public String describe() {
      return kind.name().toLowerCase(Locale.ROOT) + " " + uscc;
    }
  }

  /** The member {@code uscc}'s voting weight becomes {@code votingWeight}. */
  public record Weight(String uscc, long votingWeight) implements Change {
    @Override
    public Kind kind() {
      return Kind.WEIGHT;
    }

    @Override
    public String subject() {
      return "organisation/" + uscc;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "the voting weight of %s becomes %d", uscc, votingWeight);
    }
  }

  /** The thresholds become {@code thresholds}. */
  public record NewThresholds(Thresholds thresholds) implements Change {
    @Override
    public Kind kind() {
      return Kind.THRESHOLDS;
    }

    @Override
    public String subject() {
      return "thresholds";
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "participation threshold %d%%, win threshold %d%%",
          thresholds.participationPercent(),
          thresholds.winPercent());
    }
  }

  /** The fee of {@code method} ({@code contract.method}) becomes {@code fen}. */
  public record Fee(String method, long fen) implements Change {
    @Override
    public Kind kind() {
      return Kind.FEE;
    }

    @Override
    public String subject() {
      return "fee/" + method;
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT, "the fee of %s becomes %d.%02d yuan", method, fen / 100, fen % 100);
    }
  }

  /**
   * A freeze of {@code target} (kind FREEZE, with the regulator's {@code reason}), or the lifting
   * of one (kind UNFREEZE, reason empty). The target is a member's USCC, or one account's address
   * (40 hexadecimal digits).
   */
  public record Freeze(Kind kind, String target, String reason) implements Change {
    public Freeze {
      if (kind != Kind.FREEZE && kind != Kind.UNFREEZE) {
        throw new IllegalArgumentException("freeze: kind " + kind);
      }
    }

    /**
     * A subject of its own, shared by a freeze and its lifting only: a member's other business (its
     * own proposal on its weight, say) cannot hold a freeze off.
     */
    @Override
    public String subject() {
      return "freeze/" + target;
    }

    /** Whether the target is one account rather than a member. */
    public boolean isAccount() {
      return target.length() == 40;
    }

    @Override
    public String describe() {
      String what = (isAccount() ? "account " : "") + target;
      return kind == Kind.FREEZE
          ? "the freeze of " + what + " stands (" + reason + ")"
          : "lift the freeze of " + what;
    }
  }

  /**
   * One of the chain's limits ({@link ChainParameters#GOVERNED}) becomes {@code value}: from the
   * block after the deciding vote when {@code activatesAt} is 0, else from {@code activatesAt} (or
   * the block after the vote, if that is later).
   */
  public record Parameter(String name, long value, long activatesAt) implements Change {
    @Override
    public Kind kind() {
      return Kind.PARAMETER;
    }

    @Override
    public String subject() {
      return "parameter/" + name;
    }

    @Override
    public String describe() {
      return name + " becomes " + value + (activatesAt == 0 ? "" : " from height " + activatesAt);
    }
  }

  /**
   * The feature switch {@code name} ({@link Features#KNOWN}) turns on: from the block after the
   * deciding vote when {@code activatesAt} is 0, else from {@code activatesAt} (or the block after
   * the vote, if that is later).
   */
  public record Feature(String name, long activatesAt) implements Change {
    @Override
    public Kind kind() {
      return Kind.FEATURE;
    }

    @Override
    public String subject() {
      return "feature/" + name;
    }

    @Override
    public String describe() {
      return "switch on " + name + (activatesAt == 0 ? "" : " from height " + activatesAt);
    }
  }

  public Kind kind() {
    return change.kind();
  }

  /** The same proposal with {@code next} as its ballot. */
  public Proposal with(Ballot next) {
    return new Proposal(id, change, proposer, openedHeight, next, activatesAt);
  }

  public static final Codec<Proposal> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Proposal p) {
          w.u64(p.id).string(p.kind().name());
          Change c = p.change;
          if (c instanceof Validators v) {
            w.varint(v.keys().size());
            v.keys().forEach(w::bytes);
          } else if (c instanceof Observers o) {
            w.varint(o.keys().size());
            o.keys().forEach(w::bytes);
          } else if (c instanceof TlsCa t) {
            w.string(t.uscc()).bytes(t.certificate());
          } else if (c instanceof Admit a) {
            w.string(a.uscc()).string(a.name()).string(a.role().name()).bytes(a.adminKey());
            w.u64(a.votingWeight());
          } else if (c instanceof Membership m) {
            w.string(m.uscc());
          } else if (c instanceof Weight x) {
            w.string(x.uscc()).u64(x.votingWeight());
          } else if (c instanceof Fee f) {
            w.string(f.method()).u64(f.fen());
          } else if (c instanceof Freeze f) {
            w.string(f.target()).string(f.reason());
          } else if (c instanceof Parameter x) {
            w.string(x.name()).u64(x.value()).u64(x.activatesAt());
          } else if (c instanceof Feature x) {
            w.string(x.name()).u64(x.activatesAt());
          } else {
            Thresholds t = ((NewThresholds) c).thresholds();
            w.u32(t.participationPercent()).u32(t.winPercent());
          }
          w.string(p.proposer).u64(p.openedHeight);
          Ballot b = p.ballot;
          w.u64(b.expiresHeight()).varint(b.votes().size());
          b.votes().forEach((org, choice) -> w.string(org).string(choice.name()));
          w.string(b.status().name()).u64(b.decidedHeight());
          w.u64(p.activatesAt);
        }

        @Override
        public Proposal read(Reader r) {
          long id = r.u64();
          Kind kind = parse(Kind.class, r.string("proposal.kind", 32), "proposal.kind");
          Change change =
              switch (kind) {
                case VALIDATORS -> {
                  int n = r.length("proposal.validators", VALIDATORS_MAX);
                  List<byte[]> keys = new ArrayList<>();
                  for (int i = 0; i < n; i++) {
                    keys.add(r.bytes("proposal.validator", 65));
                  }
                  yield new Validators(keys);
                }
                case OBSERVERS -> {
                  int n = r.length("proposal.observers", VALIDATORS_MAX);
                  List<byte[]> keys = new ArrayList<>();
                  for (int i = 0; i < n; i++) {
                    keys.add(r.bytes("proposal.observer", 65));
                  }
                  yield new Observers(keys);
                }
                case TLS_CA ->
                    new TlsCa(
                        r.string("proposal.uscc", 64),
                        r.bytes(
                            "proposal.certificate",
                            io.credence.core.genesis.Genesis.TLS_CA_CERTIFICATE_BYTES_MAX));
                case ADMIT ->
                    new Admit(
                        r.string("proposal.uscc", 64),
                        r.string("proposal.name", 128),
                        parse(
                            OrganisationRole.class, r.string("proposal.role", 32), "proposal.role"),
                        r.bytes("proposal.adminKey", 65),
                        r.u64());
                case SUSPEND, REINSTATE, REMOVE ->
                    new Membership(kind, r.string("proposal.uscc", 64));
                case WEIGHT -> new Weight(r.string("proposal.uscc", 64), r.u64());
                case THRESHOLDS -> new NewThresholds(new Thresholds(r.u32(), r.u32()));
                case FEE -> new Fee(r.string("proposal.method", 128), r.u64());
                case FREEZE, UNFREEZE ->
                    new Freeze(
                        kind, r.string("proposal.target", 64), r.string("proposal.reason", 512));
                case PARAMETER ->
                    new Parameter(r.string("proposal.parameter", 64), r.u64(), r.u64());
                case FEATURE -> new Feature(r.string("proposal.feature", 64), r.u64());
              };
          String proposer = r.string("proposal.proposer", 64);
          long opened = r.u64();
          long expires = r.u64();
          int votes = r.length("proposal.votes", Governance.MEMBERS_MAX);
          TreeMap<String, Choice> cast = new TreeMap<>();
          for (int i = 0; i < votes; i++) {
            String org = r.string("proposal.vote.organisation", 64);
            cast.put(org, parse(Choice.class, r.string("proposal.vote.choice", 16), "choice"));
          }
          Ballot.Status status =
              parse(Ballot.Status.class, r.string("proposal.status", 16), "proposal.status");
          long decided = r.u64();
          return new Proposal(
              id, change, proposer, opened, new Ballot(expires, cast, status, decided), r.u64());
        }
      };

  private static <E extends Enum<E>> E parse(Class<E> type, String text, String field) {
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw new CodecException(field + ": unknown value " + text);
    }
  }
}
