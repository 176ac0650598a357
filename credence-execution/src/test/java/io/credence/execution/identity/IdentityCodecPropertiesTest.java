package io.credence.execution.identity;

import io.credence.core.Address;
import io.credence.core.codec.CodecAssertions;
import io.credence.core.genesis.OrganisationRole;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The registry's stored records round-trip, and damaged bytes fail only with CodecException. */
class IdentityCodecPropertiesTest {
  @Provide
  Arbitrary<Account> accounts() {
    Arbitrary<Address> addresses =
        Arbitraries.bytes().array(byte[].class).ofSize(20).map(Address::of);
    Arbitrary<Set<AccountRole>> roles = Arbitraries.of(AccountRole.class).set();
    return Combinators.combine(
            addresses,
            Arbitraries.bytes().array(byte[].class).ofMaxSize(65),
            Arbitraries.strings().ofMaxLength(18),
            roles,
            Arbitraries.of(true, false))
        .as(Account::new);
  }

  @Provide
  Arbitrary<Organisation> organisations() {
    return Combinators.combine(
            Arbitraries.strings().ofMaxLength(30),
            Arbitraries.strings().ofMaxLength(18),
            Arbitraries.of(OrganisationRole.class),
            Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.of(KycStatus.class),
            Arbitraries.longs()
                .between(0, io.credence.core.CalendarDate.MAX.toEpochDay())
                .map(d -> io.credence.core.CalendarDate.ofEpochMillis(d * 86_400_000L))
                .injectNull(0.3),
            Arbitraries.of(MemberStatus.class))
        .as(Organisation::new);
  }

  @Property
  void account(@ForAll("accounts") Account a, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(Account.CODEC, a, position, cut);
  }

  @Property
  void organisation(
      @ForAll("organisations") Organisation o, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(Organisation.CODEC, o, position, cut);
  }
}
