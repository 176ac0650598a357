package io.credence.planted.util;

/** A class in a package named util: must fail {@code NO_KIND_PACKAGES}. */
public final class InKindPackage {}
