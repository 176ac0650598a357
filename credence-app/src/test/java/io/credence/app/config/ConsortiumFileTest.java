package io.credence.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consortium file: what is written reads back, and each kind of mistake is named precisely. */
class ConsortiumFileTest {
  @TempDir Path dir;
  private Path file;
  private String valid;
  private String uscc;

  @BeforeEach
  void writeValid() throws Exception {
    CryptoSuite suite = CryptoSuite.named("national");
    SecureRandom random = new SecureRandom();
    uscc = Uscc.complete("91310000000000001");
    Genesis g =
        new Genesis(
            "my-chain",
            suite,
            1234,
            List.of(
                new Genesis.Organisation(
                    "Core",
                    uscc,
                    OrganisationRole.CORE_ENTERPRISE,
                    suite.generate(random).publicKey())),
            List.of(new Genesis.Validator("n1", suite.generate(random).publicKey(), uscc)),
            Parameters.DEFAULTS);
    file = dir.resolve("consortium.toml");
    ConsortiumFile.write(file, g);
    valid = Files.readString(file);
    Genesis back = ConsortiumFile.load(file);
    assertEquals(g.hash(), back.hash());
    assertEquals(
        Hex.of(g.organisations().get(0).adminPublicKey()),
        Hex.of(back.organisations().get(0).adminPublicKey()));
  }

  private String error(String text) throws Exception {
    Files.writeString(file, text);
    return assertThrows(ConfigException.class, () -> ConsortiumFile.load(file)).getMessage();
  }

  @Test
  void wrongUsccCheckCharacter_named() throws Exception {
    char bad = uscc.charAt(17) == '0' ? '1' : '0';
    String message =
        error(valid.replace(uscc + "\"\nrole", uscc.substring(0, 17) + bad + "\"\nrole"));
    assertEquals(
        file
            + ": organisations[0].uscc: check character: expected '"
            + uscc.charAt(17)
            + "', found '"
            + bad
            + "'",
        message);
  }

  @Test
  void unknownField_named() throws Exception {
    assertTrue(
        error("colour = \"blue\"\n" + valid)
            .startsWith(file + ": colour: expected one of [chain_id,"));
  }

  @Test
  void unknownSuite_named() throws Exception {
    assertEquals(
        file
            + ": crypto_suite: expected 'standard' (Ed25519 + SHA-256) or 'national' (SM2 + SM3), found 'rsa'",
        error(valid.replace("crypto_suite = \"national\"", "crypto_suite = \"rsa\"")));
  }

  @Test
  void parameterOutOfRange_named() throws Exception {
    assertEquals(
        file
            + ": parameters.block_transactions_max: expected a whole number from 1 to 100000, found 0",
        error(valid.replaceFirst("block_transactions_max = \\d+", "block_transactions_max = 0")));
  }

  @Test
  void votingWeight_defaultsToOne_andReadsBack() throws Exception {
    assertTrue(valid.contains("voting_weight = 1\n"), valid);
    Files.writeString(file, valid.replace("voting_weight = 1\n", ""));
    assertEquals(1, ConsortiumFile.load(file).organisations().get(0).votingWeight());
    Files.writeString(file, valid.replace("voting_weight = 1\n", "voting_weight = 40\n"));
    assertEquals(40, ConsortiumFile.load(file).organisations().get(0).votingWeight());
  }

  @Test
  void votingWeightOutOfRange_named() throws Exception {
    assertEquals(
        file
            + ": organisations[0].voting_weight: expected a whole number from 0 to 1000000, found"
            + " -1",
        error(valid.replace("voting_weight = 1\n", "voting_weight = -1\n")));
  }

  @Test
  void noOrganisationVotes_named() throws Exception {
    assertEquals(
        file
            + ": organisations: expected at least one organisation with voting_weight above 0,"
            + " found none",
        error(valid.replace("voting_weight = 1\n", "voting_weight = 0\n")));
  }

  @Test
  void winThresholdOfHalfOrLess_named() throws Exception {
    assertTrue(valid.contains("participation_percent = 50 "), valid);
    assertEquals(
        file + ": parameters.win_percent: expected a whole number from 51 to 100, found 50",
        error(valid.replaceFirst("win_percent = \\d+", "win_percent = 50")));
  }

  @Test
  void keyOfTheWrongSuite_named() throws Exception {
    String edKey = Hex.of(CryptoSuite.named("standard").generate(new SecureRandom()).publicKey());
    String message =
        error(
            valid.replaceFirst(
                "admin_public_key = \"[0-9a-f]+\"", "admin_public_key = \"" + edKey + "\""));
    assertEquals(
        file
            + ": organisations[0].admin_public_key: expected a 65-byte national public key, found 32 bytes that are not one",
        message);
  }

  @Test
  void validatorOfUnlistedOrganisation_named() throws Exception {
    String other = Uscc.complete("91310000000000009");
    String message =
        error(valid.replace("organisation = \"" + uscc + "\"", "organisation = \"" + other + "\""));
    assertEquals(
        file
            + ": validators[0].organisation: expected the uscc of a listed organisation, found '"
            + other
            + "'",
        message);
  }

  @Test
  void missingChainId_named() throws Exception {
    assertEquals(
        file + ": chain_id: expected a string, found nothing (the field is required)",
        error(valid.replace("chain_id = \"my-chain\"\n", "")));
  }

  @Test
  void notToml_named() throws Exception {
    assertTrue(error("this is [ not toml").startsWith(file + ": not valid TOML ("));
  }
}
