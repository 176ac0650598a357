package io.credence.core.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * EPC URIs and GS1 Digital Links name the same things: both reduce to one identity, a URI is
 * written back as it was read, and a Digital Link's check digit is checked.
 */
class EpcTest {
  @Test
  void theStandardsExamples_readAndWriteBack() {
    String[] uris = {
      "urn:epc:id:sgtin:0614141.107346.2017",
      "urn:epc:id:sscc:0614141.1234567890",
      "urn:epc:id:sgln:0614141.07346.1234",
      "urn:epc:id:sgln:0012345.11111.0",
      "urn:epc:class:lgtin:4012345.012345.998877",
      "urn:epc:idpat:sgtin:4012345.066666.*"
    };
    for (String uri : uris) {
      assertEquals(uri, Epc.parse("epc", uri).toString());
    }
    Epc item = Epc.parse("epc", "urn:epc:id:sgtin:0614141.107346.2017");
    assertEquals(Epc.Kind.SGTIN, item.kind());
    assertEquals("01/10614141073464/21/2017", item.identity());
    assertEquals(
        "00/106141412345678908", Epc.parse("e", "urn:epc:id:sscc:0614141.1234567890").identity());
    assertEquals(
        "414/0614141073467/254/1234",
        Epc.parse("e", "urn:epc:id:sgln:0614141.07346.1234").identity());
    assertEquals("414/0012345111112", Epc.parse("e", "urn:epc:id:sgln:0012345.11111.0").identity());
    assertTrue(Epc.parse("e", "urn:epc:class:lgtin:4012345.012345.998877").kind().isClass());
  }

  @Test
  void aDigitalLink_isTheSameThingAsItsUri() {
    Epc link = Epc.parse("epc", "https://id.gs1.org/01/10614141073464/21/2017");
    assertEquals(
        Epc.parse("epc", "urn:epc:id:sgtin:0614141.107346.2017").identity(), link.identity());
    assertEquals("https://id.gs1.org/01/10614141073464/21/2017", link.toString());
    assertEquals(
        Epc.parse("e", "urn:epc:class:lgtin:4012345.012345.998877").identity(),
        Epc.parse("e", "https://example.com/01/04012345123456/10/998877").identity());
    assertEquals(Epc.Kind.SSCC, Epc.parse("e", "https://id.gs1.org/00/106141412345678908").kind());
  }

  @Test
  void badIdentifiers_areRefused_namingTheFieldAndWhatWasFound() {
    IllegalArgumentException wrongCheck =
        assertThrows(
            IllegalArgumentException.class,
            () -> Epc.parse("epcList[1]", "https://id.gs1.org/01/10614141073465/21/2017"));
    assertEquals(
        "epcList[1]: GTIN in 'https://id.gs1.org/01/10614141073465/21/2017': check digit of"
            + " 10614141073465: expected 4, found 5",
        wrongCheck.getMessage());
    String[][] bad = {
      {"urn:epc:id:sgtin:0614141.10734.2017", "of 13 digits together, found 12"},
      {"urn:epc:id:sgtin:06141.1073460.2017", "company prefix of 6 to 12 digits, found 5"},
      {"urn:epc:id:sgtin:0614141.107346", "expected company prefix, item reference and serial"},
      {"urn:epc:id:sgtin:0614141.107346.20 17", "serial of 1 to 60 GS1 characters"},
      {"urn:epc:idpat:sgtin:0614141.107346.2017", "expected '*' as the serial of a pattern"},
      {"urn:epc:id:grai:0614141.12345.400", "expected an EPC URI"},
      {"bottle-17", "expected an EPC URI"},
      {"https://id.gs1.org/00/106141412345678908/21/1", "expected qualifier none after 00"}
    };
    for (String[] b : bad) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Epc.parse("epc", b[0]), b[0]);
      assertTrue(e.getMessage().startsWith("epc: "), e.getMessage());
      assertTrue(e.getMessage().contains(b[1]), b[0] + " -> " + e.getMessage());
    }
  }
}
