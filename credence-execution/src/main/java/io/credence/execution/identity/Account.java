package io.credence.execution.identity;

import io.credence.core.Address;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** A key registered under an organisation with roles; a revoked account can no longer transact. */
public record Account(
    Address address,
    byte[] publicKey,
    String organisationUscc,
    Set<AccountRole> roles,
    boolean isActive) {
  public Account {
    publicKey = publicKey.clone();
    roles =
        Collections.unmodifiableSet(
            roles.isEmpty() ? EnumSet.noneOf(AccountRole.class) : EnumSet.copyOf(roles));
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public boolean hasRole(AccountRole role) {
    return roles.contains(role);
  }

  Account revoked() {
    return new Account(address, publicKey, organisationUscc, roles, false);
  }

  static final Codec<Account> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Account a) {
          a.address.write(w);
          w.bytes(a.publicKey).string(a.organisationUscc);
          int mask = 0;
          for (AccountRole role : a.roles) {
            mask |= 1 << role.ordinal();
          }
          w.u8(mask).bool(a.isActive);
        }

        @Override
        public Account read(Reader r) {
          Address address = Address.read(r);
          byte[] key = r.bytes("account.publicKey", 65);
          String org = r.string("account.organisation", 64);
          int mask = r.u8();
          if (mask >= 1 << AccountRole.values().length) {
            throw new CodecException("account.roles: unknown role bits " + mask);
          }
          EnumSet<AccountRole> roles = EnumSet.noneOf(AccountRole.class);
          for (AccountRole role : AccountRole.values()) {
            if ((mask & (1 << role.ordinal())) != 0) {
              roles.add(role);
            }
          }
          return new Account(address, key, org, roles, r.bool());
        }
      };
}
