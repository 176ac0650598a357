package io.credence.p2p.network;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the node's one TLS identity in every handshake, as server and as client, whatever
 * issuers the other side lists: the other side's trust manager decides, and counts why.
 */
final class OwnIdentityKeys extends X509ExtendedKeyManager {
  private static final String ALIAS = "node";
  private final PrivateKey key;
  private final X509Certificate[] chain;

  OwnIdentityKeys(PrivateKey key, X509Certificate[] chain) {
    this.key = key;
    this.chain = chain.clone();
  }

  // The JDK asks by key type; Ed25519 keys are of type "EdDSA".
  private boolean matches(String keyType) {
    return keyType != null
        && (keyType.equalsIgnoreCase(key.getAlgorithm()) || keyType.equalsIgnoreCase("Ed25519"));
  }

  private String aliasFor(String[] keyTypes) {
    if (keyTypes != null) {
      for (String keyType : keyTypes) {
        if (matches(keyType)) {
          return ALIAS;
        }
      }
    }
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return matches(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return matches(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }
}
