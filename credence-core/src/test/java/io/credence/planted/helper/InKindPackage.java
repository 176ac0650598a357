package io.credence.planted.helper;

/** A class in a package named helper: must fail {@code NO_KIND_PACKAGES}. */
public final class InKindPackage {}
