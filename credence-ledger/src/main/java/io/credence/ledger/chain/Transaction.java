package io.credence.ledger.chain;

import io.credence.core.Address;
import io.credence.core.Call;
import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;

/**
 * A signed request to call a contract. The sender is the signer's public key (its address is
 * derived); the nonce orders one sender's transactions; a transaction may be included only below
 * its expiry height. The signature covers every other field, prefixed with a domain tag.
 */
public record Transaction(
    String chainId, byte[] sender, long nonce, long expiryHeight, Call call, byte[] signature) {
  /** The codec's hard cap; the chain's own {@code transactionBytesMax} parameter is lower. */
  public static final int ENCODED_BYTES_MAX = 1 << 20;

  public static final int CHAIN_ID_BYTES_MAX = 64;
  public static final int PUBLIC_KEY_BYTES_MAX = 65;
  public static final int SIGNATURE_BYTES_MAX = 72;
  private static final byte[] DOMAIN =
      "credence/transaction".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  public Transaction {
    sender = sender.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] sender() {
    return sender.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public Address senderAddress(CryptoSuite suite) {
    return suite.address(sender);
  }

  /** The bytes the sender signs. */
  public byte[] signingBytes() {
    Writer w = new Writer();
    w.bytes(DOMAIN);
    writeUnsigned(w, this);
    return w.toByteArray();
  }

  /** A new transaction with the given signature. */
  public Transaction withSignature(byte[] newSignature) {
    return new Transaction(chainId, sender, nonce, expiryHeight, call, newSignature);
  }

  public static Transaction sign(
      CryptoSuite.Signer signer, String chainId, long nonce, long expiryHeight, Call call) {
    Transaction unsigned =
        new Transaction(chainId, signer.publicKey(), nonce, expiryHeight, call, new byte[0]);
    return unsigned.withSignature(signer.sign(unsigned.signingBytes()));
  }

  public byte[] encode() {
    return CODEC.encode(this);
  }

  public Hash hash(CryptoSuite suite) {
    return suite.hash(encode());
  }

  private static void writeUnsigned(Writer w, Transaction t) {
    w.string(t.chainId).bytes(t.sender).u64(t.nonce).u64(t.expiryHeight);
    Call.CODEC.write(w, t.call);
  }

  public static final Codec<Transaction> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Transaction t) {
          writeUnsigned(w, t);
          w.bytes(t.signature);
        }

        @Override
        public Transaction read(Reader r) {
          return new Transaction(
              r.string("transaction.chainId", CHAIN_ID_BYTES_MAX),
              r.bytes("transaction.sender", PUBLIC_KEY_BYTES_MAX),
              r.u64(),
              r.u64(),
              Call.CODEC.read(r),
              r.bytes("transaction.signature", SIGNATURE_BYTES_MAX));
        }
      };
}
