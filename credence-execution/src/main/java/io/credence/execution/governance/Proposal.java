package io.credence.execution.governance;

import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A proposal put to the consortium's vote: what it would do ({@code kind} and its arguments), the
 * organisation that proposed it, the height it opened at, and its {@link Ballot}.
 */
public record Proposal(
    long id,
    Kind kind,
    List<byte[]> validators,
    String proposer,
    long openedHeight,
    Ballot ballot) {
  /** What a proposal does once passed. */
  public enum Kind {
    /** Replaces the validator set (keys in order); ends the epoch when its block commits. */
    VALIDATORS
  }

  public static final int VALIDATORS_MAX = 256;

  public Proposal {
    validators = List.copyOf(validators);
  }

  /** The same proposal with {@code next} as its ballot. */
  public Proposal with(Ballot next) {
    return new Proposal(id, kind, validators, proposer, openedHeight, next);
  }

  public static final Codec<Proposal> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Proposal p) {
          w.u64(p.id).string(p.kind.name()).varint(p.validators.size());
          p.validators.forEach(w::bytes);
          w.string(p.proposer).u64(p.openedHeight);
          Ballot b = p.ballot;
          w.u64(b.expiresHeight()).varint(b.votes().size());
          b.votes().forEach((org, choice) -> w.string(org).string(choice.name()));
          w.string(b.status().name()).u64(b.decidedHeight());
        }

        @Override
        public Proposal read(Reader r) {
          long id = r.u64();
          Kind kind = parse(Kind.class, r.string("proposal.kind", 32), "proposal.kind");
          int n = r.length("proposal.validators", VALIDATORS_MAX);
          List<byte[]> validators = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            validators.add(r.bytes("proposal.validator", 65));
          }
          String proposer = r.string("proposal.proposer", 64);
          long opened = r.u64();
          long expires = r.u64();
          int votes =
              r.length("proposal.votes", io.credence.core.genesis.Genesis.ORGANISATIONS_MAX);
          TreeMap<String, Choice> cast = new TreeMap<>();
          for (int i = 0; i < votes; i++) {
            String org = r.string("proposal.vote.organisation", 64);
            cast.put(org, parse(Choice.class, r.string("proposal.vote.choice", 16), "choice"));
          }
          Ballot.Status status =
              parse(Ballot.Status.class, r.string("proposal.status", 16), "proposal.status");
          long decided = r.u64();
          return new Proposal(
              id, kind, validators, proposer, opened, new Ballot(expires, cast, status, decided));
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
