package io.credence.core.genesis;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import java.util.List;

/**
 * The consortium's founding document: chain id, crypto suite, organisations, validators and
 * parameters. Its hash is the genesis block's parent hash, so every node agrees on the same genesis
 * or on none. Built by the application's config loader, which validates every field by name.
 */
public record Genesis(
    String chainId,
    CryptoSuite suite,
    long timestampMillis,
    List<Organisation> organisations,
    List<Validator> validators,
    List<Observer> observers,
    Parameters parameters) {
  public static final int ORGANISATIONS_MAX = 256;
  public static final int VALIDATORS_MAX = 256;
  public static final int OBSERVERS_MAX = 256;
  public static final int NAME_BYTES_MAX = 128;
  public static final int TLS_CA_CERTIFICATE_BYTES_MAX = 8_192;

  /**
   * An organisation's voting weight's ceiling: with at most {@link #ORGANISATIONS_MAX}
   * organisations, every sum of weights (and a hundred times it) fits in a long.
   */
  public static final long VOTING_WEIGHT_MAX = 1_000_000;

  public Genesis {
    organisations = List.copyOf(organisations);
    validators = List.copyOf(validators);
    observers = List.copyOf(observers);
  }

  /** A consortium without observers. */
  public Genesis(
      String chainId,
      CryptoSuite suite,
      long timestampMillis,
      List<Organisation> organisations,
      List<Validator> validators,
      Parameters parameters) {
    this(chainId, suite, timestampMillis, organisations, validators, List.of(), parameters);
  }

  /**
   * A member organisation, its admin's key, the DER certificate of the organisation's CA that
   * issues its nodes' transport certificates (empty when the organisation runs no node), and its
   * voting weight in the consortium's governance (0: it does not vote).
   */
  public record Organisation(
      String name,
      String uscc,
      OrganisationRole role,
      byte[] adminPublicKey,
      byte[] tlsCaCertificate,
      long votingWeight) {
    public Organisation {
      adminPublicKey = adminPublicKey.clone();
      tlsCaCertificate = tlsCaCertificate.clone();
      if (votingWeight < 0 || votingWeight > VOTING_WEIGHT_MAX) {
        throw new IllegalArgumentException(
            "organisation "
                + name
                + ": votingWeight expected 0.."
                + VOTING_WEIGHT_MAX
                + ", found "
                + votingWeight);
      }
    }

    /** An organisation with a voting weight of 1. */
    public Organisation(
        String name,
        String uscc,
        OrganisationRole role,
        byte[] adminPublicKey,
        byte[] tlsCaCertificate) {
      this(name, uscc, role, adminPublicKey, tlsCaCertificate, 1);
    }

    /** An organisation without a transport CA, with a voting weight of 1. */
    public Organisation(String name, String uscc, OrganisationRole role, byte[] adminPublicKey) {
      this(name, uscc, role, adminPublicKey, new byte[0]);
    }

    @Override
    public byte[] adminPublicKey() {
      return adminPublicKey.clone();
    }

    @Override
    public byte[] tlsCaCertificate() {
      return tlsCaCertificate.clone();
    }
  }

  /**
   * An observer: a node (a regulator's, an auditor's) that follows and verifies the chain and
   * serves the API, but never votes.
   */
  public record Observer(String name, byte[] publicKey, String organisationUscc) {
    public Observer {
      publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }
  }

  /** A validator: its node key and the organisation that runs it. */
  public record Validator(String name, byte[] publicKey, String organisationUscc) {
    public Validator {
      publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }
  }

  public Hash hash() {
    return suite.hash(CODEC.encode(this));
  }

  public static final Codec<Genesis> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Genesis g) {
          w.string(g.chainId).string(g.suite.name()).u64(g.timestampMillis);
          w.varint(g.organisations.size());
          for (Organisation o : g.organisations) {
            w.string(o.name).string(o.uscc).string(o.role.name()).bytes(o.adminPublicKey);
            w.bytes(o.tlsCaCertificate).u64(o.votingWeight);
          }
          w.varint(g.validators.size());
          for (Validator v : g.validators) {
            w.string(v.name).bytes(v.publicKey).string(v.organisationUscc);
          }
          w.varint(g.observers.size());
          for (Observer o : g.observers) {
            w.string(o.name).bytes(o.publicKey).string(o.organisationUscc);
          }
          Parameters.CODEC.write(w, g.parameters);
        }

        @Override
        public Genesis read(Reader r) {
          String chainId = r.string("genesis.chainId", 64);
          String suiteName = r.string("genesis.suite", 16);
          CryptoSuite suite;
          try {
            suite = CryptoSuite.named(suiteName);
          } catch (IllegalArgumentException e) {
            throw new CodecException(e.getMessage());
          }
          long timestamp = r.u64();
          int orgCount = r.length("genesis.organisations", ORGANISATIONS_MAX);
          List<Organisation> orgs = new java.util.ArrayList<>();
          for (int i = 0; i < orgCount; i++) {
            String name = r.string("organisation.name", NAME_BYTES_MAX);
            String uscc = r.string("organisation.uscc", 64);
            String role = r.string("organisation.role", 32);
            OrganisationRole parsed;
            try {
              parsed = OrganisationRole.valueOf(role);
            } catch (IllegalArgumentException e) {
              throw new CodecException("organisation.role: unknown role " + role);
            }
            byte[] admin = r.bytes("organisation.admin", 65);
            byte[] ca = r.bytes("organisation.tlsCaCertificate", TLS_CA_CERTIFICATE_BYTES_MAX);
            long weight = r.u64();
            if (weight < 0 || weight > VOTING_WEIGHT_MAX) {
              throw new CodecException(
                  "organisation.votingWeight: expected 0.."
                      + VOTING_WEIGHT_MAX
                      + ", found "
                      + Long.toUnsignedString(weight));
            }
            orgs.add(new Organisation(name, uscc, parsed, admin, ca, weight));
          }
          int validatorCount = r.length("genesis.validators", VALIDATORS_MAX);
          List<Validator> validators = new java.util.ArrayList<>();
          for (int i = 0; i < validatorCount; i++) {
            validators.add(
                new Validator(
                    r.string("validator.name", NAME_BYTES_MAX),
                    r.bytes("validator.publicKey", 65),
                    r.string("validator.organisation", 64)));
          }
          int observerCount = r.length("genesis.observers", OBSERVERS_MAX);
          List<Observer> observers = new java.util.ArrayList<>();
          for (int i = 0; i < observerCount; i++) {
            observers.add(
                new Observer(
                    r.string("observer.name", NAME_BYTES_MAX),
                    r.bytes("observer.publicKey", 65),
                    r.string("observer.organisation", 64)));
          }
          return new Genesis(
              chainId, suite, timestamp, orgs, validators, observers, Parameters.CODEC.read(r));
        }
      };
}
