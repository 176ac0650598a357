package io.credence.planted.impl;

/** A class in a package named impl: must fail {@code NO_KIND_PACKAGES}. */
public final class InKindPackage {}
