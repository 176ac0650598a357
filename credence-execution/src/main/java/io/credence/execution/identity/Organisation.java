package io.credence.execution.identity;

import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.genesis.OrganisationRole;

/**
 * A member organisation as the registry keeps it, with the number of accounts it has registered.
 */
public record Organisation(String name, String uscc, OrganisationRole role, int accountCount) {
  Organisation withAccountCount(int count) {
    return new Organisation(name, uscc, role, count);
  }

  static final Codec<Organisation> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Organisation o) {
          w.string(o.name).string(o.uscc).u8(o.role.ordinal()).u32(o.accountCount);
        }

        @Override
        public Organisation read(Reader r) {
          String name = r.string("organisation.name", 128);
          String uscc = r.string("organisation.uscc", 64);
          int role = r.u8();
          if (role >= OrganisationRole.values().length) {
            throw new CodecException("organisation.role: unknown ordinal " + role);
          }
          return new Organisation(name, uscc, OrganisationRole.values()[role], r.u32());
        }
      };
}
