package io.credence.planted.common;

/** A class in a package named common: must fail {@code NO_KIND_PACKAGES}. */
public final class InKindPackage {}
