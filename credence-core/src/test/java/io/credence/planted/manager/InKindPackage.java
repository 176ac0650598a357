package io.credence.planted.manager;

/** A class in a package named manager: must fail {@code NO_KIND_PACKAGES}. */
public final class InKindPackage {}
