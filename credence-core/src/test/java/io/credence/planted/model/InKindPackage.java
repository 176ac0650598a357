package io.credence.planted.model;

/** A class in a package named model: must fail {@code NO_KIND_PACKAGES}. */
public final class InKindPackage {}
