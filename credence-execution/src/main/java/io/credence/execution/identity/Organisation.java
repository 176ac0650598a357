package io.credence.execution.identity;

import io.credence.core.CalendarDate;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.genesis.OrganisationRole;

/**
 * A member organisation as the registry keeps it: its business role, the number of accounts it has
 * registered, its KYC status with the last day it is valid ({@code kycValidUntil}, null when never
 * verified), and whether it is an active member ({@code status}, changed by governance's votes).
 */
public record Organisation(
    String name,
    String uscc,
    OrganisationRole role,
    int accountCount,
    KycStatus kyc,
    CalendarDate kycValidUntil,
    MemberStatus status) {
  Organisation withAccountCount(int count) {
    return new Organisation(name, uscc, role, count, kyc, kycValidUntil, status);
  }

  Organisation withKyc(KycStatus kycStatus, CalendarDate validUntil) {
    return new Organisation(name, uscc, role, accountCount, kycStatus, validUntil, status);
  }

  Organisation withStatus(MemberStatus next) {
    return new Organisation(name, uscc, role, accountCount, kyc, kycValidUntil, next);
  }

  public boolean isActive() {
    return status == MemberStatus.ACTIVE;
  }

  /** VERIFIED and not expired on {@code day}. */
  public boolean kycValidOn(CalendarDate day) {
    return kyc == KycStatus.VERIFIED && kycValidUntil != null && !day.isAfter(kycValidUntil);
  }

  /** The KYC status for messages: {@code VERIFIED until 2026-12-31}, {@code NONE}. */
  public String kycSummary() {
    return kycValidUntil == null ? kyc.name() : kyc + " until " + kycValidUntil;
  }

  static final Codec<Organisation> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Organisation o) {
          w.string(o.name).string(o.uscc).u8(o.role.ordinal()).u32(o.accountCount);
          w.u8(o.kyc.ordinal()).bool(o.kycValidUntil != null);
          if (o.kycValidUntil != null) {
            CalendarDate.CODEC.write(w, o.kycValidUntil);
          }
          w.u8(o.status.ordinal());
        }

        @Override
        public Organisation read(Reader r) {
          String name = r.string("organisation.name", 128);
          String uscc = r.string("organisation.uscc", 64);
          int role = r.u8();
          if (role >= OrganisationRole.values().length) {
            throw new CodecException("organisation.role: unknown ordinal " + role);
          }
          int count = r.u32();
          int kyc = r.u8();
          if (kyc >= KycStatus.values().length) {
            throw new CodecException("organisation.kyc: unknown ordinal " + kyc);
          }
          CalendarDate until = r.bool() ? CalendarDate.CODEC.read(r) : null;
          int status = r.u8();
          if (status >= MemberStatus.values().length) {
            throw new CodecException("organisation.status: unknown ordinal " + status);
          }
          return new Organisation(
              name,
              uscc,
              OrganisationRole.values()[role],
              count,
              KycStatus.values()[kyc],
              until,
              MemberStatus.values()[status]);
        }
      };
}
