package io.credence.core.gs1;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An identifier of a thing, a class of things or a place in EPCIS: a serialised item (SGTIN: GTIN
 * and serial), a lot (LGTIN: GTIN and lot, a class), any item of a product (a GTIN pattern, a
 * class), a logistic unit (SSCC) or a location (SGLN: GLN and an optional extension). Read from its
 * EPC URI ({@code urn:epc:id:sgtin:0614141.107346.2017}) or its GS1 Digital Link ({@code
 * https://id.gs1.org/01/00614141073467/21/2017}). Two forms of one thing are one identifier: {@link
 * #identity()} is the GS1 key form both reduce to. A URI does not carry the check digit, which is
 * computed; a Digital Link does, and a wrong one is refused.
 */
public record Epc(Kind kind, Gs1Key key, String qualifier, int companyPrefixLength) {
  /** What the identifier names. */
  public enum Kind {
    /** One serialised item: GTIN and serial. */
    SGTIN(false),
    /** A lot or batch of a product: GTIN and lot. */
    LGTIN(true),
    /** Any item of a product: GTIN. */
    PRODUCT(true),
    /** A logistic unit (pallet, case): SSCC. */
    SSCC(false),
    /** A location or party: GLN and an extension ("" for none). */
    SGLN(false);

    private final boolean isClass;

    Kind(boolean isClass) {
      this.isClass = isClass;
    }

    /** True for a class of things (quantities are counted against it), false for one thing. */
    public boolean isClass() {
      return isClass;
    }
  }

  /** The longest identifier read, in characters. */
  public static final int CHARS_MAX = 200;

  /** GS1's serial, lot and extension characters (AI encodable set 82, as URIs escape it). */
  private static final Pattern QUALIFIER = Pattern.compile("[A-Za-z0-9!'()*+,\\-.:;=_%]{1,60}");

  private static final Pattern URN =
      Pattern.compile("urn:epc:(id|class|idpat):(sgtin|lgtin|sscc|sgln):([0-9.]+)(?:\\.(.+))?");
  private static final Pattern LINK =
      Pattern.compile(
          "https?://[A-Za-z0-9.\\-]+(?::[0-9]+)?(?:/[^/]+)*?/(01|00|414)/([0-9]+)(?:/(21|10|254)/([^/?#]+))?");

  public Epc {
    if (qualifier == null) {
      qualifier = "";
    }
  }

  /** {@code text} read as an identifier, or what is wrong with it. */
  public static Epc parse(String field, String text) {
    Optional<String> bad = problem(text);
    if (bad.isPresent()) {
      throw new IllegalArgumentException(field + ": " + bad.get());
    }
    return read(text);
  }

  /** Empty if {@code text} is an identifier this reads, otherwise what is wrong with it. */
  public static Optional<String> problem(String text) {
    try {
      read(text);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static Epc read(String text) {
    if (text == null || text.isEmpty() || text.length() > CHARS_MAX) {
      throw new IllegalArgumentException(
          "expected an EPC URI or a GS1 Digital Link of 1 to "
              + CHARS_MAX
              + " characters, found "
              + (text == null ? "none" : text.length() + " characters"));
    }
    Matcher urn = URN.matcher(text);
    if (urn.matches()) {
      return fromUrn(text, urn.group(1), urn.group(2), urn.group(3), urn.group(4));
    }
    Matcher link = LINK.matcher(text);
    if (link.matches()) {
      return fromLink(text, link.group(1), link.group(2), link.group(3), link.group(4));
    }
    throw new IllegalArgumentException(
        "expected an EPC URI (urn:epc:id:sgtin:..., urn:epc:id:sscc:..., urn:epc:id:sgln:...,"
            + " urn:epc:class:lgtin:..., urn:epc:idpat:sgtin:...) or a GS1 Digital Link"
            + " (https://.../01/GTIN[/21/SERIAL|/10/LOT], /00/SSCC, /414/GLN), found '"
            + text
            + "'");
  }

  private static Epc fromUrn(String text, String scheme, String type, String numbers, String rest) {
    String[] parts = (numbers + (rest == null ? "" : "." + rest)).split("\\.", 3);
    String where = "'" + text + "'";
    switch (scheme + ":" + type) {
      case "id:sgtin", "class:lgtin", "idpat:sgtin" -> {
        if (parts.length != 3) {
          throw new IllegalArgumentException(
              "expected company prefix, item reference and "
                  + (type.equals("lgtin") ? "lot" : "serial")
                  + " in "
                  + where);
        }
        String prefix = digits(parts[0], "company prefix", where);
        String item = digits(parts[1], "item reference", where);
        prefixLength(prefix, where);
        if (prefix.length() + item.length() != 13 || item.isEmpty()) {
          throw new IllegalArgumentException(
              "expected company prefix and item reference of 13 digits together, found "
                  + (prefix.length() + item.length())
                  + " in "
                  + where);
        }
        Gs1Key gtin =
            Gs1Key.complete(Gs1Key.Kind.GTIN, item.charAt(0) + prefix + item.substring(1));
        if (scheme.equals("idpat")) {
          if (!parts[2].equals("*")) {
            throw new IllegalArgumentException(
                "expected '*' as the serial of a pattern in " + where);
          }
          return new Epc(Kind.PRODUCT, gtin, "", prefix.length());
        }
        return new Epc(
            type.equals("lgtin") ? Kind.LGTIN : Kind.SGTIN,
            gtin,
            qualifier(parts[2], type.equals("lgtin") ? "lot" : "serial", where),
            prefix.length());
      }
      case "id:sscc" -> {
        if (parts.length != 2) {
          throw new IllegalArgumentException(
              "expected company prefix and serial reference in " + where);
        }
        String prefix = digits(parts[0], "company prefix", where);
        String serial = digits(parts[1], "serial reference", where);
        prefixLength(prefix, where);
        if (prefix.length() + serial.length() != 17 || serial.isEmpty()) {
          throw new IllegalArgumentException(
              "expected company prefix and serial reference of 17 digits together, found "
                  + (prefix.length() + serial.length())
                  + " in "
                  + where);
        }
        return new Epc(
            Kind.SSCC,
            Gs1Key.complete(Gs1Key.Kind.SSCC, serial.charAt(0) + prefix + serial.substring(1)),
            "",
            prefix.length());
      }
      case "id:sgln" -> {
        if (parts.length != 3) {
          throw new IllegalArgumentException(
              "expected company prefix, location reference and extension in " + where);
        }
        String prefix = digits(parts[0], "company prefix", where);
        String location = parts[1].isEmpty() ? "" : digits(parts[1], "location reference", where);
        prefixLength(prefix, where);
        if (prefix.length() + location.length() != 12) {
          throw new IllegalArgumentException(
              "expected company prefix and location reference of 12 digits together, found "
                  + (prefix.length() + location.length())
                  + " in "
                  + where);
        }
        String extension = parts[2].equals("0") ? "" : qualifier(parts[2], "extension", where);
        return new Epc(
            Kind.SGLN,
            Gs1Key.complete(Gs1Key.Kind.GLN, prefix + location),
            extension,
            prefix.length());
      }
      default ->
          throw new IllegalArgumentException(
              "expected one of sgtin, sscc, sgln (urn:epc:id), lgtin (urn:epc:class) or sgtin"
                  + " (urn:epc:idpat), found "
                  + scheme
                  + ":"
                  + type
                  + " in "
                  + where);
    }
  }

  private static Epc fromLink(String text, String ai, String key, String qualifierAi, String q) {
    String where = "'" + text + "'";
    Gs1Key.Kind kind =
        switch (ai) {
          case "01" -> Gs1Key.Kind.GTIN;
          case "00" -> Gs1Key.Kind.SSCC;
          default -> Gs1Key.Kind.GLN;
        };
    Optional<String> bad = Gs1Key.problem(kind, key);
    if (bad.isPresent()) {
      throw new IllegalArgumentException(kind + " in " + where + ": " + bad.get());
    }
    Gs1Key k =
        new Gs1Key(kind, kind == Gs1Key.Kind.GTIN ? "0".repeat(14 - key.length()) + key : key);
    String allowed =
        switch (ai) {
          case "01" -> "21 or 10";
          case "414" -> "254";
          default -> "none";
        };
    if (qualifierAi != null
        && !(ai.equals("01") && (qualifierAi.equals("21") || qualifierAi.equals("10")))
        && !(ai.equals("414") && qualifierAi.equals("254"))) {
      throw new IllegalArgumentException(
          "expected qualifier "
              + allowed
              + " after "
              + ai
              + ", found "
              + qualifierAi
              + " in "
              + where);
    }
    return switch (ai) {
      case "01" ->
          qualifierAi == null
              ? new Epc(Kind.PRODUCT, k, "", 0)
              : new Epc(
                  qualifierAi.equals("21") ? Kind.SGTIN : Kind.LGTIN,
                  k,
                  qualifier(q, qualifierAi.equals("21") ? "serial" : "lot", where),
                  0);
      case "00" -> new Epc(Kind.SSCC, k, "", 0);
      default -> new Epc(Kind.SGLN, k, q == null ? "" : qualifier(q, "extension", where), 0);
    };
  }

  private static String digits(String s, String what, String where) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        throw new IllegalArgumentException(
            "expected digits in the " + what + ", found '" + s.charAt(i) + "' in " + where);
      }
    }
    return s;
  }

  private static void prefixLength(String prefix, String where) {
    if (prefix.length() < 6 || prefix.length() > 12) {
      throw new IllegalArgumentException(
          "expected a company prefix of 6 to 12 digits, found " + prefix.length() + " in " + where);
    }
  }

  private static String qualifier(String s, String what, String where) {
    if (!QUALIFIER.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "expected a " + what + " of 1 to 60 GS1 characters, found '" + s + "' in " + where);
    }
    return s;
  }

  /**
   * The form every way of writing this identifier reduces to, GS1 Digital Link's path: {@code
   * 01/GTIN14/21/SERIAL}, {@code 01/GTIN14/10/LOT}, {@code 01/GTIN14}, {@code 00/SSCC}, {@code
   * 414/GLN[/254/EXTENSION]}.
   */
  public String identity() {
    return switch (kind) {
      case SGTIN -> "01/" + key.gtin14() + "/21/" + qualifier;
      case LGTIN -> "01/" + key.gtin14() + "/10/" + qualifier;
      case PRODUCT -> "01/" + key.gtin14();
      case SSCC -> "00/" + key.digits();
      case SGLN -> "414/" + key.digits() + (qualifier.isEmpty() ? "" : "/254/" + qualifier);
    };
  }

  /**
   * The EPC URI, when the company prefix length is known (read from a URI); else the Digital Link
   * on id.gs1.org. This is how the chain writes the identifier back.
   */
  @Override
  public String toString() {
    if (companyPrefixLength == 0) {
      return "https://id.gs1.org/" + identity();
    }
    int p = companyPrefixLength;
    String d = key.digits();
    return switch (kind) {
      case SGTIN, LGTIN, PRODUCT -> {
        String gtin = key.gtin14();
        String prefix = gtin.substring(1, 1 + p);
        String item = gtin.charAt(0) + gtin.substring(1 + p, 13);
        yield switch (kind) {
          case SGTIN -> "urn:epc:id:sgtin:" + prefix + "." + item + "." + qualifier;
          case LGTIN -> "urn:epc:class:lgtin:" + prefix + "." + item + "." + qualifier;
          default -> "urn:epc:idpat:sgtin:" + prefix + "." + item + ".*";
        };
      }
      case SSCC ->
          "urn:epc:id:sscc:" + d.substring(1, 1 + p) + "." + d.charAt(0) + d.substring(1 + p, 17);
      case SGLN ->
          "urn:epc:id:sgln:"
              + d.substring(0, p)
              + "."
              + d.substring(p, 12)
              + "."
              + (qualifier.isEmpty() ? "0" : qualifier);
    };
  }
}
